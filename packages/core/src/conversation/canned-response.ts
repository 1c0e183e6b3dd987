// Canned responses: variables filled at send time and /shortcut lookup for the composer.

export interface CannedVariables {
  customer?: { name?: string | null; number?: string | null };
  agent?: { name?: string | null };
  campaign?: { name?: string | null };
}

type Lookup = (vars: CannedVariables) => string | null | undefined;

const KNOWN: Record<string, Lookup> = {
  'customer.name': (v) => v.customer?.name,
  'customer.number': (v) => v.customer?.number,
  'agent.name': (v) => v.agent?.name,
  'campaign.name': (v) => v.campaign?.name,
};

const VARIABLE = /\{\s*([a-z]+\.[a-z]+)\s*\}/gi;

/**
 * Replaces known variables; unknown ones (`{order.id}`) stay as written so a typo is visible to
 * the agent instead of silently vanishing. A known variable without a value becomes empty
 * rather than sending '{customer.name}' to a customer, and the space it leaves is tidied:
 * 'Hola {customer.name}, ¿en qué…' → 'Hola, ¿en qué…'.
 */
export function fillCannedResponse(text: string, vars: CannedVariables): string {
  let out = '';
  let rest = 0;
  for (const match of text.matchAll(VARIABLE)) {
    const at = match.index;
    out += text.slice(rest, at);
    rest = at + match[0].length;
    const lookup = KNOWN[(match[1] ?? '').toLowerCase()];
    const value = lookup?.(vars)?.trim();
    if (!lookup) out += match[0];
    else if (value) out += value;
    else {
      // Empty value: drop one neighbouring space so neither '  ' nor ' ,' is left behind.
      const next = text[rest];
      if (out.endsWith(' ') && (next === undefined || /[\s,.;:!?)]/.test(next))) out = out.slice(0, -1);
      else if (out === '' && next === ' ') rest++;
    }
  }
  return out + text.slice(rest);
}

export interface CannedEntry {
  shortcut: string;
  title: string;
}

/**
 * Composer lookup: when the text being typed is '/' followed by a partial shortcut (no spaces),
 * the canned responses whose shortcut starts with it, exact match first, then alphabetical.
 * Anything else returns nothing, so normal typing never pops the list.
 */
export function findCanned<T extends CannedEntry>(list: readonly T[], input: string): T[] {
  const typed = input.trimStart().toLowerCase();
  if (!/^\/\S*$/.test(typed)) return [];
  return list
    .filter((entry) => entry.shortcut.toLowerCase().startsWith(typed))
    .sort((a, b) => {
      const exact = Number(b.shortcut.toLowerCase() === typed) - Number(a.shortcut.toLowerCase() === typed);
      return exact !== 0 ? exact : a.shortcut.localeCompare(b.shortcut);
    });
}
