import { describe, expect, it } from 'vitest';
import { matchCanned, slashTokenAt, spliceText } from './canned-match';

const canned = [
  { title: 'Price list', shortcut: '/precios', text: 'a' },
  { title: 'Price', shortcut: '/precio', text: 'b' },
  { title: 'Hello', shortcut: '/hola', text: 'c' },
];

describe('slash shortcuts', () => {
  it('finds the shortcut being typed at the start or after a space', () => {
    expect(slashTokenAt('/pre', 4)).toEqual({ query: '/pre', start: 0, end: 4 });
    expect(slashTokenAt('Hola! /pre', 10)).toEqual({ query: '/pre', start: 6, end: 10 });
    expect(slashTokenAt('/', 1)).toEqual({ query: '/', start: 0, end: 1 });
  });

  it('ignores slashes inside words, URLs and after the caret has moved on', () => {
    expect(slashTokenAt('1/2', 3)).toBeNull();
    expect(slashTokenAt('http://x', 8)).toBeNull();
    expect(slashTokenAt('/pre hola', 9)).toBeNull();
  });

  it('lists matches with the exact one first, then alphabetically', () => {
    expect(matchCanned(canned, '/precio').map((c) => c.shortcut)).toEqual(['/precio', '/precios']);
    expect(matchCanned(canned, '/').map((c) => c.shortcut)).toEqual(['/hola', '/precio', '/precios']);
    expect(matchCanned(canned, '/x')).toEqual([]);
  });

  it('splices text and puts the caret after the insertion', () => {
    expect(spliceText('Hi /pre!', 3, 7, 'price')).toEqual({ text: 'Hi price!', caret: 8 });
  });
});
