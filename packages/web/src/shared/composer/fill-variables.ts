/** The values a canned response may refer to; null or undefined means "known but empty". */
export interface TemplateVariables {
  'customer.name'?: string | null;
  'customer.number'?: string | null;
  'agent.name'?: string | null;
  'campaign.name'?: string | null;
}

const KNOWN = new Set<string>(['customer.name', 'customer.number', 'agent.name', 'campaign.name']);
const VARIABLE = /\{([a-z]+\.[a-z]+)\}/gi;

/**
 * Fills `{customer.name}`-style variables. An unknown variable stays as written so that a typo in
 * the canned response is visible to the agent before sending; a known one without a value becomes
 * empty rather than showing the customer a raw placeholder.
 */
export function fillVariables(text: string, vars: TemplateVariables): string {
  return text.replace(VARIABLE, (whole, rawName: string) => {
    const name = rawName.toLowerCase();
    if (!KNOWN.has(name)) return whole;
    return vars[name as keyof TemplateVariables]?.trim() ?? '';
  });
}
