import { Type, type Static } from '@sinclair/typebox';
import { Id, oneOf } from './common';

export const ROLES = ['administrator', 'supervisor', 'agent'] as const;
export const Role = oneOf(ROLES);
export type Role = (typeof ROLES)[number];

const Username = Type.String({
  minLength: 2,
  maxLength: 64,
  pattern: '^[A-Za-z0-9._@-]+$',
  errorMessage: 'must be 2–64 letters, digits or . _ @ -',
});
const Password = Type.String({ minLength: 8, maxLength: 200 });
const DisplayName = Type.String({ minLength: 1, maxLength: 120 });

export const User = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  role: Role,
  enabled: Type.Boolean(),
  /** Supervisors see every campaign, including ones created later; campaignIds is then empty. */
  allCampaigns: Type.Boolean(),
  /** Supervisors without allCampaigns see only these campaigns. Empty for other roles. */
  campaignIds: Type.Array(Id),
  /** Agents: the campaigns they are members of (read-only here; changed on the Members page). */
  memberOf: Type.Array(Id),
  createdAt: Type.Integer(),
});
export type User = Static<typeof User>;

export const UserCreate = Type.Object(
  {
    username: Username,
    displayName: DisplayName,
    role: Role,
    password: Password,
    enabled: Type.Optional(Type.Boolean({ default: true })),
    allCampaigns: Type.Optional(Type.Boolean()),
    campaignIds: Type.Optional(Type.Array(Id, { maxItems: 500 })),
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;

export const UserUpdate = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    role: Type.Optional(Role),
    enabled: Type.Optional(Type.Boolean()),
    allCampaigns: Type.Optional(Type.Boolean()),
    campaignIds: Type.Optional(Type.Array(Id, { maxItems: 500 })),
  },
  { additionalProperties: false },
);
export type UserUpdate = Static<typeof UserUpdate>;

export const PasswordReset = Type.Object({ password: Password }, { additionalProperties: false });
export type PasswordReset = Static<typeof PasswordReset>;

export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const Me = Type.Object({ id: Id, username: Type.String(), displayName: Type.String(), role: Role });
export type Me = Static<typeof Me>;

/** Pause reasons agents choose from when they pause (break, lunch, training, …). */
export const PauseReasons = Type.Object(
  {
    reasons: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 50, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type PauseReasons = Static<typeof PauseReasons>;
