/** A piece of message text: plain, or a link the browser may open. */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// Candidates only: each one is checked by safeHref before it becomes a link. Trailing punctuation
// that usually ends a sentence is not part of the address.
const CANDIDATE = /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}]+$/;

/** Only web and mail addresses open; any other scheme (javascript:, data:, vbscript:, file:…) stays text. */
export function safeHref(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.host ? url.href : null;
  if (url.protocol === 'mailto:') return url.pathname.includes('@') ? url.href : null;
  return null;
}

/** Splits message text into plain runs and safe links, in order; joining every part's text gives the input back. */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  const push = (kind: 'text', s: string) => {
    if (s === '') return;
    const prev = parts[parts.length - 1];
    if (prev?.kind === kind) prev.text += s;
    else parts.push({ kind, text: s });
  };
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const raw = match[0].replace(TRAILING, '');
    const href = safeHref(raw);
    push('text', text.slice(last, start));
    if (href) parts.push({ kind: 'link', text: raw, href });
    else push('text', raw);
    last = start + raw.length;
  }
  push('text', text.slice(last));
  return parts;
}
