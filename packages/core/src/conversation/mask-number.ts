// Notifications show the customer's number masked per setting.

export type NumberMasking = 'none' | 'partial';

const MASK = '•';

/**
 * 'partial' keeps the first four digits (the country code and the start of the number, enough
 * to tell countries and operators apart) and the last three (enough for an agent to recognise a
 * returning customer), masking the rest; spaces, '+' and dashes stay where they were:
 * '+598 98 765 123' → '+598 9• ••• 123'. Short numbers (under 8 digits) keep only the last two,
 * so that at least half is always hidden.
 */
export function maskNumber(number: string, mode: NumberMasking): string {
  if (mode === 'none') return number;
  const digits = number.replace(/\D/g, '').length;
  const keepHead = digits >= 8 ? 4 : 0;
  const keepTail = digits >= 8 ? 3 : Math.min(2, Math.floor(digits / 2));
  let seen = 0;
  return number.replace(/\d/g, (digit) => {
    seen++;
    return seen <= keepHead || seen > digits - keepTail ? digit : MASK;
  });
}
