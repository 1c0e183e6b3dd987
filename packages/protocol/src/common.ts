import { Type, type SchemaOptions, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';

export const Id = Type.String({ minLength: 1, maxLength: 64, description: 'identifier' });
export const IdParams = Type.Object({ id: Id });
export type IdParams = Static<typeof IdParams>;

/** Every error body the API returns. `field` names the offending input when there is one. */
export const ErrorBody = Type.Object({
  error: Type.String({ description: 'stable machine-readable code, e.g. validation_failed, not_found' }),
  message: Type.String({ description: 'a sentence a person can act on' }),
  field: Type.Optional(Type.String()),
  details: Type.Optional(Type.Unknown()),
});
export type ErrorBody = Static<typeof ErrorBody>;

export const Page = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});

/** A union of string literals whose static type is the union of the values (TypeBox loses it for mapped arrays). */
// Typed as a one-member tuple of the literal union: TypeBox's static inference needs a tuple, not an array.
export function oneOf<T extends string>(values: readonly T[], options?: SchemaOptions): TUnion<[TLiteral<T>]> {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  ) as unknown as TUnion<[TLiteral<T>]>;
}
