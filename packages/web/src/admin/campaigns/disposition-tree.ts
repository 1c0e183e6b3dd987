import type { Disposition } from '@switchboard/protocol';

/** uContact's dispositions go three levels deep (l1 > l2 > l3). */
export const MAX_DISPOSITION_DEPTH = 3;

export interface DispositionNode {
  name: string;
  enabled?: boolean;
  children?: DispositionNode[];
}

/** Indexes from the root list down to a node: [2] is a top-level node, [2, 0, 1] a third-level one. */
export type NodePath = readonly number[];

export function canAddChild(path: NodePath): boolean {
  return path.length < MAX_DISPOSITION_DEPTH;
}

/** The form (and API error) path of a node, e.g. `dispositions.0.children.1`. */
export function nodeFieldPath(path: NodePath): string {
  return path.map((index, level) => `${level === 0 ? 'dispositions' : 'children'}.${index}`).join('.');
}

function mapAt(
  nodes: DispositionNode[],
  path: NodePath,
  edit: (siblings: DispositionNode[], index: number) => DispositionNode[],
): DispositionNode[] {
  const [index, ...rest] = path;
  if (index === undefined) return nodes;
  if (rest.length === 0) return edit(nodes, index);
  return nodes.map((node, i) => (i === index ? { ...node, children: mapAt(node.children ?? [], rest, edit) } : node));
}

const asTree = (tree: readonly Disposition[]) => tree as DispositionNode[];
// Depth is bounded by canAddChild, so a node tree built here always fits the three-level API type.
const asDispositions = (nodes: DispositionNode[]) => nodes as Disposition[];

/** Adds a node under `parent` ([] = top level); refused beyond the third level. */
export function addNode(tree: readonly Disposition[], parent: NodePath, name: string): Disposition[] {
  if (parent.length === 0) return [...tree, { name, enabled: true }];
  if (!canAddChild(parent)) return [...tree];
  return asDispositions(
    mapAt(asTree(tree), parent, (siblings, index) =>
      siblings.map((node, i) =>
        i === index ? { ...node, children: [...(node.children ?? []), { name, enabled: true }] } : node,
      ),
    ),
  );
}

function editNode(tree: readonly Disposition[], path: NodePath, patch: Partial<DispositionNode>): Disposition[] {
  return asDispositions(
    mapAt(asTree(tree), path, (siblings, index) =>
      siblings.map((node, i) => (i === index ? { ...node, ...patch } : node)),
    ),
  );
}

export function renameNode(tree: readonly Disposition[], path: NodePath, name: string): Disposition[] {
  return editNode(tree, path, { name });
}

export function setNodeEnabled(tree: readonly Disposition[], path: NodePath, enabled: boolean): Disposition[] {
  return editNode(tree, path, { enabled });
}

export function removeNode(tree: readonly Disposition[], path: NodePath): Disposition[] {
  return asDispositions(mapAt(asTree(tree), path, (siblings, index) => siblings.filter((_, i) => i !== index)));
}

/** Depth of the deepest branch (0 for an empty tree). */
export function treeDepth(nodes: readonly DispositionNode[]): number {
  return nodes.reduce((deepest, node) => Math.max(deepest, 1 + treeDepth(node.children ?? [])), 0);
}
