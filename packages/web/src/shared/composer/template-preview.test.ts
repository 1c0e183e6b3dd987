import { describe, expect, it } from 'vitest';
import { previewTemplate } from './template-preview';

describe('template preview', () => {
  it('fills placeholders by number and leaves the unfilled ones visible', () => {
    expect(previewTemplate('Hola {{1}}, pedido {{2}}', ['Ana'])).toBe('Hola Ana, pedido {{2}}');
    expect(previewTemplate('Hola {{ 1 }} y {{1}}', ['Ana', 'extra'])).toBe('Hola Ana y Ana');
    expect(previewTemplate('Sin datos {{1}}', [''])).toBe('Sin datos {{1}}');
  });
});
