// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Disposition } from '@switchboard/protocol';
import { fakeFetch, renderWithProviders } from '../../test/render';
import { CloseDialog } from './CloseDialog';
import { EMPTY_PATH, levelOptions, toChoice } from './disposition-cascade';

afterEach(() => vi.unstubAllGlobals());

const tree: Disposition[] = [
  {
    name: 'Ventas',
    children: [
      { name: 'Consulta', children: [{ name: 'Precio' }, { name: 'Stock' }, { name: 'Viejo', enabled: false }] },
      { name: 'Compra' },
    ],
  },
  { name: 'Reclamo', enabled: false, children: [{ name: 'Demora' }] },
  { name: 'Spam' },
];

function setup(dispositions: Disposition[], answer = { status: 204 } as { status: number; body?: unknown }) {
  const fake = fakeFetch({ 'POST /api/interactions/i1/close': () => answer });
  vi.stubGlobal('fetch', fake.fetch);
  const onClose = vi.fn();
  renderWithProviders(<CloseDialog interactionId="i1" dispositions={dispositions} opened onClose={onClose} />);
  const closes = () => fake.calls.filter((c) => c.method === 'POST');
  return { closes, onClose };
}

const pick = (level: 1 | 2 | 3, value: string) =>
  fireEvent.change(screen.getByTestId(`disposition-l${level}`), { target: { value } });
const optionsOf = (level: 1 | 2 | 3) =>
  Array.from((screen.getByTestId(`disposition-l${level}`) as HTMLSelectElement).options)
    .filter((o) => !o.disabled)
    .map((o) => o.value);

describe('CloseDialog: disposition cascade', () => {
  it('offers enabled nodes level by level and closes with {l1, l2, l3}', async () => {
    const { closes, onClose } = setup(tree);
    expect(optionsOf(1)).toEqual(['Ventas', 'Spam']);
    expect(screen.queryByTestId('disposition-l2')).toBeNull();

    pick(1, 'Ventas');
    expect(optionsOf(2)).toEqual(['Consulta', 'Compra']);
    pick(2, 'Consulta');
    expect(optionsOf(3)).toEqual(['Precio', 'Stock']);
    pick(3, 'Precio');

    fireEvent.click(screen.getByTestId('close-confirm'));
    await waitFor(() => expect(closes()).toHaveLength(1));
    expect(closes()[0]?.body).toEqual({ disposition: { l1: 'Ventas', l2: 'Consulta', l3: 'Precio' } });
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });

  it('blocks closing while the choice stops above the last level', () => {
    const { closes } = setup(tree);
    fireEvent.click(screen.getByTestId('close-confirm'));
    expect(closes()).toHaveLength(0);
    expect(screen.getByText('Choose a disposition down to the last level to close.')).toBeTruthy();

    pick(1, 'Ventas');
    pick(2, 'Consulta');
    fireEvent.click(screen.getByTestId('close-confirm'));
    expect(closes()).toHaveLength(0);
  });

  it('clears lower levels when a higher one changes and accepts a leaf at level 1', async () => {
    const { closes } = setup(tree);
    pick(1, 'Ventas');
    pick(2, 'Compra');
    expect(screen.queryByTestId('disposition-l3')).toBeNull();
    pick(1, 'Spam');
    expect(screen.queryByTestId('disposition-l2')).toBeNull();
    fireEvent.click(screen.getByTestId('close-confirm'));
    await waitFor(() => expect(closes()).toHaveLength(1));
    expect(closes()[0]?.body).toEqual({ disposition: { l1: 'Spam' } });
  });

  it('closes without a disposition when the campaign has no enabled one', async () => {
    const { closes } = setup([{ name: 'Old', enabled: false }]);
    expect(screen.queryByTestId('disposition-l1')).toBeNull();
    fireEvent.click(screen.getByTestId('close-confirm'));
    await waitFor(() => expect(closes()).toHaveLength(1));
    expect(closes()[0]?.body).toEqual({});
  });

  it("shows the server's disposition error on the selects", async () => {
    setup(tree, {
      status: 400,
      body: { error: 'disposition_unknown', message: 'disposition: "Spam" is retired', field: 'disposition' },
    });
    pick(1, 'Spam');
    fireEvent.click(screen.getByTestId('close-confirm'));
    expect(await screen.findByText('"Spam" is retired')).toBeTruthy();
  });
});

describe('disposition-cascade', () => {
  it('gives no lower options before the level above is chosen', () => {
    expect(levelOptions(tree, EMPTY_PATH)).toEqual([['Ventas', 'Spam'], [], []]);
    expect(toChoice(tree, EMPTY_PATH)).toBeNull();
    expect(toChoice(tree, { l1: 'Ventas', l2: 'Compra', l3: null })).toEqual({ l1: 'Ventas', l2: 'Compra' });
  });
});
