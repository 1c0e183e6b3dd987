// Closing asks for a disposition of up to three levels (l1 > l2 > l3).

/** Structurally identical to protocol's Disposition; `enabled` defaults to true. */
export interface DispositionNode {
  name: string;
  enabled?: boolean;
  children?: DispositionNode[];
}

export interface DispositionChoice {
  l1: string;
  l2?: string | null;
  l3?: string | null;
}

export type DispositionCheck =
  | { ok: true; path: string[] }
  | { ok: false; code: 'disposition_required' | 'disposition_unknown' | 'disposition_incomplete'; message: string };

const enabledOf = (nodes: readonly DispositionNode[] | undefined) => (nodes ?? []).filter((n) => n.enabled !== false);

/** A disposition is required at close iff the campaign has at least one enabled one. */
export function dispositionRequired(tree: readonly DispositionNode[]): boolean {
  return enabledOf(tree).length > 0;
}

/**
 * Checks a closing choice. The path must follow enabled nodes (a disabled node hides its whole
 * branch) and must end at a node with no enabled children, so a level is never skipped.
 * Without a required disposition, a close with no choice is valid; names match exactly, as
 * the agent picks them from the list.
 */
export function validateDisposition(
  tree: readonly DispositionNode[],
  chosen: DispositionChoice | null,
): DispositionCheck {
  const levels = chosen ? [chosen.l1, chosen.l2, chosen.l3].filter((level): level is string => !!level) : [];
  if (levels.length === 0) {
    return dispositionRequired(tree)
      ? { ok: false, code: 'disposition_required', message: 'Choose a disposition to close this interaction.' }
      : { ok: true, path: [] };
  }
  if (chosen && !chosen.l2 && chosen.l3) {
    return { ok: false, code: 'disposition_unknown', message: 'A third level needs a second level.' };
  }
  let options = enabledOf(tree);
  for (const [depth, name] of levels.entries()) {
    const node = options.find((option) => option.name === name);
    if (!node) {
      return {
        ok: false,
        code: 'disposition_unknown',
        message: `"${levels.slice(0, depth + 1).join(' > ')}" is not an available disposition.`,
      };
    }
    options = enabledOf(node.children);
  }
  if (options.length > 0) {
    return {
      ok: false,
      code: 'disposition_incomplete',
      message: `Choose one of: ${options.map((o) => o.name).join(', ')} under "${levels.join(' > ')}".`,
    };
  }
  return { ok: true, path: levels };
}
