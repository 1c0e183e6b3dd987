/** What a person needs after the first start: where to go and how to sign in. */
export interface FirstStartNotes {
  url: string;
  /** The first administrator, when this start created it; `password` null when it came from the environment. */
  admin: { username: string; password: string | null } | null;
  /** The demo's lines (who its users are and their password), when this start seeded or changed them. */
  demo: string[];
}

/** Whether there is anything worth a block (a later start with nothing new prints none). */
export function hasNotes(notes: FirstStartNotes): boolean {
  return notes.admin !== null || notes.demo.length > 0;
}

/**
 * The block printed on a terminal before the logs. Plain text inside a frame of dashes, so it reads the same
 * on any terminal and copies cleanly.
 */
export function firstStartBlock(notes: FirstStartNotes): string {
  const rows: [string, string][] = [['Open', notes.url]];
  if (notes.admin) {
    rows.push(['Administrator', notes.admin.username]);
    rows.push([
      'Password',
      notes.admin.password === null
        ? '(from SWITCHBOARD_ADMIN_PASSWORD)'
        : `${notes.admin.password}   (shown once: change it after signing in)`,
    ]);
  }
  for (const [i, line] of notes.demo.entries()) rows.push([i === 0 ? 'Demo' : '', line]);
  const width = Math.max(...rows.map(([label]) => label.length));
  const body = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  const rule = '-'.repeat(Math.min(100, Math.max(40, ...body.map((l) => l.length + 2))));
  return ['', rule, '  Switchboard is ready', '', ...body, rule, '', ''].join('\n');
}
