/** The customer's name when known, else the number (already masked by the server when configured). */
export function customerLabel(item: { customerName: string | null; customerNumber: string }): string {
  return item.customerName?.trim() || item.customerNumber;
}
