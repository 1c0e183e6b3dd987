import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Id, oneOf } from './common';
import { ATTACHMENT_STATES, INTERACTION_STATUSES, MESSAGE_AUTHORS, TimelineEvent } from './inbox';

/**
 * The read API for integrations (`/api/v1/…`): a versioned, stable shape for CRMs and data warehouses, called
 * with a service token holding `interactions:read` (or by an administrator). Times are epoch milliseconds.
 */

/** A point in time as a query parameter: ISO 8601 (`2026-03-01T00:00:00Z`) or epoch milliseconds. */
const Instant = Type.String({
  maxLength: 40,
  pattern: '^(\\d{1,15}|\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+)?(Z|[+-]\\d{2}:?\\d{2})?)$',
  errorMessage: 'must be an ISO 8601 date-time or epoch milliseconds',
  description: 'ISO 8601 date-time (e.g. 2026-03-01T00:00:00Z) or epoch milliseconds',
});

export const READ_API_MAX_LIMIT = 500;
export const READ_API_DEFAULT_LIMIT = 100;

export const InteractionListQuery = Type.Object(
  {
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    campaignId: Type.Optional(Id),
    agentId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'any agent who held the interaction' }),
    ),
    customerNumber: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        pattern: '\\S',
        errorMessage: 'must be 1–64 characters',
        description: 'the whole number or any fragment of it',
      }),
    ),
    status: Type.Optional(oneOf(INTERACTION_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: READ_API_MAX_LIMIT, default: READ_API_DEFAULT_LIMIT })),
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'the nextCursor of the previous page; pass the same filters with it',
      }),
    ),
  },
  { additionalProperties: false },
);
export type InteractionListQuery = Static<typeof InteractionListQuery>;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const InteractionRecord = Type.Object({
  id: Id,
  campaign: Nullable(Type.Object({ id: Id, name: Type.String() })),
  /** the agent who holds (or last held) the interaction */
  agent: Nullable(Type.Object({ id: Id, username: Type.String() })),
  customer: Type.Object({ number: Type.String(), name: Nullable(Type.String()) }),
  status: oneOf(INTERACTION_STATUSES),
  disposition: Nullable(Type.Array(Type.String(), { description: 'the levels chosen, top first' })),
  createdAt: Type.Integer(),
  takenAt: Nullable(Type.Integer()),
  closedAt: Nullable(Type.Integer()),
  closeReason: Nullable(Type.String()),
});
export type InteractionRecord = Static<typeof InteractionRecord>;

export const InteractionListPage = Type.Object({
  items: Type.Array(InteractionRecord),
  nextCursor: Nullable(Type.String({ description: 'null on the last page' })),
});
export type InteractionListPage = Static<typeof InteractionListPage>;

/** What an integration learns about a file: never the link or token that fetches it. */
export const AttachmentMetadata = Type.Object({
  id: Type.Optional(Id),
  name: Type.Optional(Type.String()),
  mimeType: Type.String(),
  size: Type.Optional(Type.Integer()),
  state: Type.Optional(oneOf(ATTACHMENT_STATES)),
});
export type AttachmentMetadata = Static<typeof AttachmentMetadata>;

export const TranscriptMessage = Type.Object({
  id: Id,
  author: oneOf(MESSAGE_AUTHORS),
  /** in: from the customer; out: to the customer; internal: a supervisor's whisper the customer never saw */
  direction: oneOf(['in', 'out', 'internal'] as const),
  agent: Nullable(Type.Object({ id: Id, username: Type.String() })),
  kind: Type.String(),
  text: Nullable(Type.String()),
  attachments: Type.Array(AttachmentMetadata),
  at: Type.Integer(),
});
export type TranscriptMessage = Static<typeof TranscriptMessage>;

export const InteractionTranscript = Type.Object({
  interaction: InteractionRecord,
  messages: Type.Array(TranscriptMessage, { description: 'oldest first' }),
  timeline: Type.Array(TimelineEvent, { description: 'routing events, oldest first' }),
});
export type InteractionTranscript = Static<typeof InteractionTranscript>;
