import type { CannedResponse } from '@switchboard/protocol';

/** The `/shortcut` being typed just before the caret, with where it starts; null when there is none. */
export interface SlashToken {
  query: string;
  start: number;
  end: number;
}

/**
 * A slash token counts only at the start of the text or after whitespace, so that URLs and dates
 * ("1/2", "http://…") never pop the canned-response list open.
 */
export function slashTokenAt(text: string, caret: number): SlashToken | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)(\/[a-z0-9_-]*)$/i.exec(before);
  if (!match?.[2]) return null;
  const query = match[2];
  return { query: query.toLowerCase(), start: caret - query.length, end: caret };
}

/** Canned responses whose shortcut starts with what was typed: an exact match first, then alphabetical. */
export function matchCanned(list: readonly CannedResponse[], query: string): CannedResponse[] {
  const typed = query.toLowerCase();
  return list
    .filter((c) => c.shortcut.toLowerCase().startsWith(typed))
    .sort((a, b) => {
      const exact = Number(b.shortcut === typed) - Number(a.shortcut === typed);
      return exact !== 0 ? exact : a.shortcut.localeCompare(b.shortcut);
    });
}

/** Puts `insert` in place of [start, end) and says where the caret should go afterwards. */
export function spliceText(text: string, start: number, end: number, insert: string): { text: string; caret: number } {
  return { text: text.slice(0, start) + insert + text.slice(end), caret: start + insert.length };
}
