// @vitest-environment jsdom
import { useState } from 'react';
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Disposition } from '@switchboard/protocol';
import { renderWithProviders } from '../../test/render';
import { DispositionTree } from './DispositionTree';
import { addNode, treeDepth } from './disposition-tree';

function Harness({ seen }: { seen: { tree: Disposition[] } }) {
  const [tree, setTree] = useState<Disposition[]>([]);
  seen.tree = tree;
  return <DispositionTree value={tree} onChange={setTree} />;
}

describe('DispositionTree', () => {
  it('builds three levels and offers no child below the third', () => {
    const seen = { tree: [] as Disposition[] };
    renderWithProviders(<Harness seen={seen} />);
    fireEvent.click(screen.getByTestId('disposition-add-root'));
    fireEvent.change(screen.getByTestId('disposition-0-name'), { target: { value: 'Sale' } });
    fireEvent.click(screen.getByTestId('disposition-0-add'));
    fireEvent.change(screen.getByTestId('disposition-0-0-name'), { target: { value: 'Card' } });
    fireEvent.click(screen.getByTestId('disposition-0-0-add'));
    fireEvent.change(screen.getByTestId('disposition-0-0-0-name'), { target: { value: 'Visa' } });

    expect(screen.queryByTestId('disposition-0-0-0-add')).toBeNull();
    expect(seen.tree).toEqual([
      {
        name: 'Sale',
        enabled: true,
        children: [{ name: 'Card', enabled: true, children: [{ name: 'Visa', enabled: true }] }],
      },
    ]);
    expect(treeDepth(seen.tree)).toBe(3);
  });

  it('disables and removes nodes', () => {
    const seen = { tree: [] as Disposition[] };
    renderWithProviders(<Harness seen={seen} />);
    fireEvent.click(screen.getByTestId('disposition-add-root'));
    fireEvent.click(screen.getByTestId('disposition-add-root'));
    fireEvent.click(screen.getByTestId('disposition-0-add'));
    fireEvent.click(screen.getByTestId('disposition-0-0-enabled'));
    expect(seen.tree[0]?.children?.[0]?.enabled).toBe(false);

    fireEvent.click(screen.getByTestId('disposition-0-remove'));
    expect(seen.tree).toEqual([{ name: 'New disposition', enabled: true }]);
  });

  it('refuses a fourth level even when asked directly', () => {
    const tree = addNode(addNode(addNode([], [], 'a'), [0], 'b'), [0, 0], 'c');
    expect(addNode(tree, [0, 0, 0], 'd')).toEqual(tree);
  });
});
