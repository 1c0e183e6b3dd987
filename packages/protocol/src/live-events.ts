import { Type, type Static, type TLiteral, type TObject, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { Id } from './common';
import { ConversationMessage } from './inbox';

/*
 * The live channel (`GET /ws`, WebSocket): what the server pushes, as one union discriminated on `type`.
 *
 * Every message is an envelope `{ seq, type, at, data }`. `seq` numbers the stream; a client that reconnects
 * with `?since=<last seq>` receives what it missed, or `resync` when that is too old to replay (then it
 * refetches over HTTP). Clients send nothing over the socket: resuming is the `since` query parameter.
 *
 * The channel says *what changed*; the HTTP API says what things are now. Values that name a state
 * (statuses, directions, authors) are open strings here on purpose: a value added later must not make an
 * older client drop the whole event, because the event's job is to make it refetch. Rules for changing this
 * file: docs/adr/0010-live-events-contract.md.
 */

/** Builds one member of the union: the envelope with its own `type` literal and `data` shape. */
function liveEvent<T extends string, D extends TSchema>(type: T, data: D, description: string) {
  return Type.Object(
    {
      /** position in the stream; `resync` carries the stream's current position (0 before any event) */
      seq: Type.Integer({ minimum: 0 }),
      type: Type.Literal(type),
      /** when the server published it, epoch milliseconds */
      at: Type.Integer(),
      data,
    },
    { description },
  );
}

const NullableId = Type.Union([Id, Type.Null()]);

/** One interaction's status or owner moved (offered, taken, transferred, returned, closed). */
export const InteractionChange = Type.Object({
  interactionId: Id,
  campaignId: NullableId,
  /** waiting | offered | active | closed */
  status: Type.String(),
  ownerAgentId: NullableId,
  /** why it closed, on `closed` only */
  reason: Type.Optional(Type.String()),
});
export type InteractionChange = Static<typeof InteractionChange>;

export const LiveMessageData = Type.Object({
  interactionId: Id,
  messageId: Id,
  /** in | out | internal */
  direction: Type.String(),
  /** customer | bot | agent | supervisor | system */
  author: Type.String(),
  /** the message was stored before and its content changed (a file finished downloading) */
  updated: Type.Optional(Type.Literal(true)),
});
export type LiveMessageData = Static<typeof LiveMessageData>;

export const MessageStatusData = Type.Object({
  interactionId: Id,
  messageId: Id,
  /** pending | sent | delivered | read | failed */
  status: Type.String(),
  /** the provider's reason, when it failed */
  error: Type.Optional(Type.String()),
});
export type MessageStatusData = Static<typeof MessageStatusData>;

/** The agent set their presence (available, paused with a reason, wrap-up, offline). */
export const PresenceChange = Type.Object({
  agentId: Id,
  /** available | paused | wrapup | offline */
  status: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  since: Type.Integer(),
});
export type PresenceChange = Static<typeof PresenceChange>;

/** The phone system (or the agent) said a telephone call started or ended. */
export const PhoneChange = Type.Object({
  agentId: Id,
  onCall: Type.Boolean(),
  since: Type.Integer(),
});
export type PhoneChange = Static<typeof PhoneChange>;

export const WhisperData = Type.Object({
  interactionId: Id,
  /** the stored note, as the transcript shows it */
  message: ConversationMessage,
  text: Type.String(),
  /** the supervisor's display name */
  from: Type.String(),
});
export type WhisperData = Static<typeof WhisperData>;

export const TakenOverData = Type.Object({
  interactionId: Id,
  campaignId: NullableId,
  byUserId: Id,
  byName: Type.String(),
  at: Type.Integer(),
});
export type TakenOverData = Static<typeof TakenOverData>;

/** A customer answered the satisfaction question of a closed conversation. */
export const SatisfactionAnswerData = Type.Object({
  interactionId: Id,
  campaignId: Id,
  score: Type.Integer({ minimum: 1, maximum: 5 }),
});
export type SatisfactionAnswerData = Static<typeof SatisfactionAnswerData>;

export const ResyncData = Type.Object({
  /** the socket is new (no `since`): this only tells the client where the stream stands */
  fresh: Type.Optional(Type.Literal(true)),
});
export type ResyncData = Static<typeof ResyncData>;

export const LiveEvent = Type.Union([
  liveEvent(
    'inbox.changed',
    InteractionChange,
    "something in an agent's Pending/Active lists changed: refetch the inbox",
  ),
  liveEvent('interaction.changed', InteractionChange, 'status or owner of one interaction changed'),
  liveEvent('message', LiveMessageData, 'a message was stored (or its content changed) in an interaction you may see'),
  liveEvent('message.status', MessageStatusData, 'the delivery status of an outbound message moved'),
  liveEvent('agent.status', Type.Union([PresenceChange, PhoneChange]), "an agent's presence or phone state changed"),
  liveEvent('whisper', WhisperData, "a supervisor's note, to the owning agent and the campaign's staff"),
  liveEvent(
    'campaign.changed',
    Type.Object({ campaignId: Id }),
    "a campaign's configuration (thresholds, members…) changed: staff refetch monitoring",
  ),
  liveEvent(
    'interaction.taken_over',
    TakenOverData,
    'a supervisor took a conversation over: to the agent who held it and staff, with who and when',
  ),
  liveEvent(
    'satisfaction.answered',
    SatisfactionAnswerData,
    "a customer rated a closed conversation: the campaign's staff refetch monitoring and its transcript",
  ),
  liveEvent('resync', ResyncData, 'replay impossible (or a fresh socket): refetch everything'),
]);
export type LiveEvent = Static<typeof LiveEvent>;
export type LiveEventType = LiveEvent['type'];
/** The member of the union whose `type` is `T`. */
export type LiveEventOf<T extends LiveEventType> = Extract<LiveEvent, { type: T }>;
/** What a server publishes before the feed numbers and stamps it: `type` and `data`, still discriminated. */
export type LiveEventBody = LiveEvent extends infer E ? (E extends unknown ? Omit<E, 'seq' | 'at'> : never) : never;

type Member = TObject<{ type: TLiteral<LiveEventType> }>;
const members = LiveEvent.anyOf as unknown as readonly Member[];
const memberByType = new Map<string, TSchema>(members.map((m) => [m.properties.type.const, m]));

/** Every `type` the channel carries, in the union's order. */
export const LIVE_EVENT_TYPES: readonly LiveEventType[] = members.map((m) => m.properties.type.const);

export type LiveEventCheck =
  | { ok: true; event: LiveEvent }
  /** `unknown_type`: a well-formed envelope of a type this build does not know (a newer server). */
  | { ok: false; reason: 'unknown_type' | 'invalid'; detail: string };

/**
 * Checks a decoded socket message against the union. Extra fields are allowed (older clients ignore what
 * they do not know); a missing or mistyped field makes the message invalid.
 */
export function checkLiveEvent(value: unknown): LiveEventCheck {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (typeof type !== 'string') return { ok: false, reason: 'invalid', detail: 'no string `type`' };
  const schema = memberByType.get(type);
  if (!schema) return { ok: false, reason: 'unknown_type', detail: type };
  if (Value.Check(schema, value)) return { ok: true, event: value as LiveEvent };
  const first = Value.Errors(schema, value).First();
  return { ok: false, reason: 'invalid', detail: first ? `${type}: ${first.path || '/'} ${first.message}` : type };
}
