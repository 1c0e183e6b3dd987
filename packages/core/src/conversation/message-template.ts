// Helpers for WhatsApp message templates: what the agent fills, how it reads, and which come first.

const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;

/** How many parameters a template body takes: its highest `{{n}}` (Meta numbers them from 1). */
export function templateParamCount(bodyText: string): number {
  let max = 0;
  for (const match of bodyText.matchAll(PLACEHOLDER)) max = Math.max(max, Number(match[1]));
  return max;
}

/** The body as the customer will read it; a placeholder without a value stays visible as `{{n}}`. */
export function fillTemplate(bodyText: string, params: readonly string[]): string {
  return bodyText.replace(PLACEHOLDER, (whole, n: string) => {
    const value = params[Number(n) - 1];
    return value !== undefined && value !== '' ? value : whole;
  });
}

/**
 * Country calling codes to the language most customers there write in. Providers do not tell a customer's
 * language, so the number is the best guess available; the agent can always pick another language.
 */
const LANGUAGE_BY_CALLING_CODE: ReadonlyArray<readonly [string, string]> = [
  ...['1', '44', '61', '64', '353', '27', '234', '254'].map((c) => [c, 'en'] as const),
  ...[
    '34', '52', '53', '54', '56', '57', '58', '51', '591', '593', '595', '598', '502', '503', '504', '505', '506', '507',
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

/** `es_AR` and `es` are the same language for choosing a template. */
export function baseLanguage(code: string): string {
  return code.split(/[_-]/)[0]!.toLowerCase();
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
