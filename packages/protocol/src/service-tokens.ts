import { Type, type Static } from '@sinclair/typebox';
import { Id, oneOf } from './common';

/**
 * What a service token may be allowed to do. Closed: a route names the scopes that may call it, and a token
 * reaches nothing else — never a role's rights.
 */
export const SERVICE_TOKEN_SCOPES = ['presence:write', 'interactions:read'] as const;
export const ServiceTokenScope = oneOf(SERVICE_TOKEN_SCOPES);
export type ServiceTokenScope = (typeof SERVICE_TOKEN_SCOPES)[number];

export const ServiceTokenCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120, pattern: '\\S', errorMessage: 'must be 1–120 characters' }),
    scopes: Type.Array(ServiceTokenScope, { minItems: 1, maxItems: SERVICE_TOKEN_SCOPES.length, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type ServiceTokenCreate = Static<typeof ServiceTokenCreate>;

/** A token as listed: never the token itself (only its hash is kept). */
export const ServiceToken = Type.Object({
  id: Id,
  name: Type.String(),
  scopes: Type.Array(ServiceTokenScope),
  createdAt: Type.Integer(),
  createdBy: Type.String(),
  lastUsedAt: Type.Union([Type.Integer(), Type.Null()]),
  revokedAt: Type.Union([Type.Integer(), Type.Null()]),
});
export type ServiceToken = Static<typeof ServiceToken>;

/** The answer to a create: the only time the token is ever shown. */
export const ServiceTokenCreated = Type.Composite([ServiceToken, Type.Object({ token: Type.String() })]);
export type ServiceTokenCreated = Static<typeof ServiceTokenCreated>;

/** Phone-system presence: whether the agent is on a telephone call now (routing's `onCall`). */
export const PhoneBody = Type.Object({ onCall: Type.Boolean() }, { additionalProperties: false });
export type PhoneBody = Static<typeof PhoneBody>;

export const UsernameParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) });
export type UsernameParams = Static<typeof UsernameParams>;
