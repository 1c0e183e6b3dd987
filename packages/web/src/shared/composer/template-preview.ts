const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;

/** A WhatsApp template body as the customer will read it; a placeholder not filled yet stays visible as `{{n}}`. */
export function previewTemplate(bodyText: string, params: readonly string[]): string {
  return bodyText.replace(PLACEHOLDER, (whole, n: string) => {
    const value = params[Number(n) - 1];
    return value !== undefined && value !== '' ? value : whole;
  });
}
