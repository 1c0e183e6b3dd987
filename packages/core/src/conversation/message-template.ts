// WhatsApp message templates: how many parameters one takes, and which an agent sees first.

const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;

/** How many parameters a template body takes: its highest `{{n}}` (Meta numbers them from 1). */
export function templateParamCount(bodyText: string): number {
  let max = 0;
  for (const match of bodyText.matchAll(PLACEHOLDER)) max = Math.max(max, Number(match[1]));
  return max;
}

/** `es_AR` and `es` are the same language for choosing a template. */
export function baseLanguage(code: string): string {
  return code.split(/[_-]/)[0]!.toLowerCase();
}

/**
 * Country calling codes to the language most customers there write in. Providers do not tell a customer's
 * language, so the number is the best guess available; the agent can always pick another language.
 */
const LANGUAGE_BY_CALLING_CODE: ReadonlyArray<readonly [string, string]> = [
  ...['1', '44', '61', '64', '353', '27', '234', '254'].map((c) => [c, 'en'] as const),
  ...[
    '34',
    '52',
    '53',
    '54',
    '56',
    '57',
    '58',
    '51',
    '591',
    '593',
    '595',
    '598',
    '502',
    '503',
    '504',
    '505',
    '506',
    '507',
  ].map((c) => [c, 'es'] as const),
  ...['55', '351', '244', '258'].map((c) => [c, 'pt'] as const),
  ['33', 'fr'],
  ['49', 'de'],
  ['39', 'it'],
];

/** The customer's likely language from their number (`+598…`, `598…`), or null when the code is unknown. */
export function languageOfNumber(number: string): string | null {
  const digits = number.replace(/[^0-9]/g, '');
  let best: { code: string; language: string } | null = null;
  for (const [code, language] of LANGUAGE_BY_CALLING_CODE) {
    if (digits.startsWith(code) && (!best || code.length > best.code.length)) best = { code, language };
  }
  return best?.language ?? null;
}

/** Templates in the customer's language first, then the rest; by name, then language, within each group. */
export function rankTemplates<T extends { name: string; language: string }>(
  templates: readonly T[],
  customerLanguage: string | null,
): T[] {
  const wanted = customerLanguage ? baseLanguage(customerLanguage) : null;
  const rank = (t: T) => (wanted !== null && baseLanguage(t.language) === wanted ? 0 : 1);
  return [...templates].sort(
    (a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name) || a.language.localeCompare(b.language),
  );
}
