/** Localised weekday names, indexed like the API (0 = Sunday). */
export function dayNames(language: string, width: 'long' | 'short' = 'long'): string[] {
  // 2023-01-01 was a Sunday.
  const format = new Intl.DateTimeFormat(language, { weekday: width, timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, day) => {
    const name = format.format(new Date(Date.UTC(2023, 0, 1 + day)));
    return name.charAt(0).toUpperCase() + name.slice(1);
  });
}

/** English names for accessible labels and test ids that must not change with the language. */
export const DAY_KEYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
