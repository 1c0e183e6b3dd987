import type { SimulationResult } from './simulate';

/** Plain-text report for a terminal: one table per campaign figures, one for agents. */
export function formatResult(result: SimulationResult): string {
  const dash = (v: number | null, suffix = '') => (v === null ? '—' : `${v}${suffix}`);
  const lines = [`${result.name} — ${result.durationHours} h simulated, seed ${result.seed}`, ''];
  lines.push(
    ...table(
      [
        'campaign',
        'arrivals',
        'answered',
        'abandoned',
        'short ab.',
        'queue full',
        'unfinished',
        'SL %',
        'SL+ab %',
        'abandon %',
        'wait mean s',
        'p50 s',
        'p90 s',
      ],
      result.campaigns.map((c) => [
        c.id,
        String(c.arrivals),
        String(c.answered),
        String(c.abandoned),
        String(c.shortAbandoned),
        String(c.queueFull),
        String(c.unfinished),
        dash(c.serviceLevelPct),
        dash(c.serviceLevelWithAbandonedPct),
        dash(c.abandonRatePct),
        dash(c.wait.meanSeconds),
        dash(c.wait.p50Seconds),
        dash(c.wait.p90Seconds),
      ]),
    ),
  );
  lines.push('');
  lines.push(
    ...table(
      ['agent', 'handled', 'logged in h', 'occupancy %'],
      result.agents.map((a) => [a.id, String(a.handled), String(a.loggedInHours), dash(a.occupancyPct)]),
    ),
  );
  return lines.join('\n');
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}
