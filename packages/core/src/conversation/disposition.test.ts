import { describe, expect, it } from 'vitest';
import { dispositionRequired, validateDisposition, type DispositionNode } from './disposition';

const tree: DispositionNode[] = [
  {
    name: 'Ventas',
    children: [
      { name: 'Consulta', children: [{ name: 'Precio' }, { name: 'Stock', enabled: false }] },
      { name: 'Compra' },
      { name: 'Reclamo', children: [{ name: 'Viejo', enabled: false }] },
    ],
  },
  { name: 'Archivada', enabled: false, children: [{ name: 'Algo' }] },
];

describe('validateDisposition', () => {
  it('accepts a full path to a leaf (scenario 18: Ventas > Consulta > Precio)', () => {
    expect(validateDisposition(tree, { l1: 'Ventas', l2: 'Consulta', l3: 'Precio' })).toEqual({
      ok: true,
      path: ['Ventas', 'Consulta', 'Precio'],
    });
    expect(validateDisposition(tree, { l1: 'Ventas', l2: 'Compra' })).toEqual({ ok: true, path: ['Ventas', 'Compra'] });
  });

  it('accepts stopping at a node whose children are all disabled', () => {
    expect(validateDisposition(tree, { l1: 'Ventas', l2: 'Reclamo' }).ok).toBe(true);
  });

  it('requires a choice when the campaign has an enabled disposition', () => {
    expect(validateDisposition(tree, null)).toMatchObject({ ok: false, code: 'disposition_required' });
    expect(validateDisposition(tree, { l1: '' })).toMatchObject({ ok: false, code: 'disposition_required' });
  });

  it('lets a campaign without enabled dispositions close without one', () => {
    expect(dispositionRequired([])).toBe(false);
    expect(validateDisposition([{ name: 'Vieja', enabled: false }], null)).toEqual({ ok: true, path: [] });
  });

  it('refuses a path that stops above a leaf', () => {
    expect(validateDisposition(tree, { l1: 'Ventas', l2: 'Consulta' })).toMatchObject({
      ok: false,
      code: 'disposition_incomplete',
    });
    expect(validateDisposition(tree, { l1: 'Ventas' })).toMatchObject({ ok: false, code: 'disposition_incomplete' });
  });

  it('refuses unknown or disabled nodes and skipped levels', () => {
    expect(validateDisposition(tree, { l1: 'Ventas', l2: 'Consulta', l3: 'Stock' })).toMatchObject({
      code: 'disposition_unknown',
    });
    expect(validateDisposition(tree, { l1: 'Archivada', l2: 'Algo' })).toMatchObject({ code: 'disposition_unknown' });
    expect(validateDisposition(tree, { l1: 'ventas', l2: 'Compra' })).toMatchObject({ code: 'disposition_unknown' });
    expect(validateDisposition(tree, { l1: 'Ventas', l3: 'Precio' })).toMatchObject({ code: 'disposition_unknown' });
    expect(validateDisposition(tree, { l1: 'Ventas', l2: 'Compra', l3: 'Extra' })).toMatchObject({
      code: 'disposition_unknown',
    });
  });
});
