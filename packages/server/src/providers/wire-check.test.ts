import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { Id, OneOf, Opt, PayloadError, compileWire } from './wire-check';

const Event = Type.Object({
  id: Id(8),
  status: Opt(OneOf(['sent', 'read'] as const)),
  items: Opt(Type.Array(Type.Object({ sku: Id() }))),
  meta: Opt(Type.Object({ note: Opt(Type.String()) })),
});
const check = compileWire(Event);

function problem(value: unknown, path = 'events[3]'): { field: string; message: string } {
  try {
    check.read(value, path);
  } catch (error) {
    if (error instanceof PayloadError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected a PayloadError');
}

describe('compiled wire checks', () => {
  it('accept fields the schema does not name, and null where a field is optional', () => {
    const value = { id: 'a', status: null, items: null, meta: { note: null, added: 1 }, addedLater: { x: 1 } };
    expect(check.read(value, '')).toBe(value);
    expect(check.read({ id: 42 }, '')).toEqual({ id: 42 });
  });

  it('name the first failing field under the base path, array indexes in brackets', () => {
    expect(problem({ id: 'a', items: [{ sku: 'x' }, {}] })).toEqual({
      field: 'events[3].items[1].sku',
      message: 'events[3].items[1].sku: required',
    });
    expect(problem({ id: 'a', meta: 'x' }, '').field).toBe('meta');
    expect(problem({ id: 'a', items: {} }).message).toBe('events[3].items: expected an array');
  });

  it('say what is wrong with an id instead of "expected union value"', () => {
    expect(problem({ id: 'a\u0000' }).message).toBe('events[3].id: must not contain NUL characters');
    expect(problem({ id: '  ' }).message).toBe('events[3].id: expected a non-empty string');
    expect(problem({ id: '123456789' }).message).toBe('events[3].id: longer than 8 characters');
    expect(problem({ id: true }).message).toBe('events[3].id: expected a non-empty string');
  });

  it('list the choices of an enum, also where it is optional', () => {
    expect(problem({ id: 'a', status: 'lost' }).message).toBe('events[3].status: expected one of sent, read');
    expect(problem({ id: 'a', status: 3 }).message).toBe('events[3].status: expected one of sent, read');
  });

  it('name the kind expected for an optional object of the wrong kind', () => {
    expect(problem({ id: 'a', meta: { note: 5 } }).message).toBe('events[3].meta.note: expected a string');
  });
});
