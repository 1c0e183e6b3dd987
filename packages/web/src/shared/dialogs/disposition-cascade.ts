import type { Disposition } from '@switchboard/protocol';

/** Any level of the tree: the protocol's three node types share this shape. */
export interface DispositionNode {
  name: string;
  enabled?: boolean;
  children?: readonly DispositionNode[];
}

export interface DispositionPath {
  l1: string | null;
  l2: string | null;
  l3: string | null;
}

export const EMPTY_PATH: DispositionPath = { l1: null, l2: null, l3: null };

const enabled = (nodes: readonly DispositionNode[] | undefined): DispositionNode[] =>
  (nodes ?? []).filter((n) => n.enabled !== false);

/** Required as soon as the campaign has one enabled disposition. */
export function isDispositionRequired(tree: readonly Disposition[]): boolean {
  return enabled(tree).length > 0;
}

/** The options of each level given what is chosen above it; a disabled node hides its whole branch. */
export function levelOptions(tree: readonly Disposition[], path: DispositionPath): [string[], string[], string[]] {
  const first = enabled(tree);
  const second = enabled(first.find((n) => n.name === path.l1)?.children);
  const third = enabled(second.find((n) => n.name === path.l2)?.children);
  return [first.map((n) => n.name), path.l1 ? second.map((n) => n.name) : [], path.l2 ? third.map((n) => n.name) : []];
}

/** Choosing a level clears the levels below it, so a stale l3 never survives a new l1. */
export function choose(path: DispositionPath, level: 1 | 2 | 3, value: string | null): DispositionPath {
  if (level === 1) return { l1: value, l2: null, l3: null };
  if (level === 2) return { ...path, l2: value, l3: null };
  return { ...path, l3: value };
}

/**
 * The body's `disposition`, or null while the choice is incomplete: the server refuses a path that
 * stops above a node with enabled children (no level may be skipped), so the dialog asks for the same.
 */
export function toChoice(
  tree: readonly Disposition[],
  path: DispositionPath,
): { l1: string; l2?: string; l3?: string } | null {
  if (!path.l1) return null;
  const [, second, third] = levelOptions(tree, path);
  if (second.length > 0 && !path.l2) return null;
  if (third.length > 0 && !path.l3) return null;
  return {
    l1: path.l1,
    ...(path.l2 ? { l2: path.l2 } : {}),
    ...(path.l3 ? { l3: path.l3 } : {}),
  };
}
