import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  Attachment,
  CampaignMessages,
  Disposition,
  OfferTimeout,
  OutboundCommand,
  QueueUpdates,
  SatisfactionSurvey,
  Schedule,
  Thresholds,
} from '@switchboard/protocol';

/**
 * Readers for the JSON kept in text columns (the column stays a string in storage/schema.ts). Every read of a
 * stored JSON column goes through here so that what the server gets back is typed by a check, not a cast.
 *
 * Two kinds of reader:
 * - checked: the column holds exactly what one writer in this server wrote from a validated shape (campaign
 *   settings, outbox commands, provider secrets, settings). A value that does not match is a damaged row and
 *   throws StoredJsonError naming the column.
 * - lenient: the column holds loosely shaped detail written over many versions (event details, transfer and
 *   disposition records, attachment lists). A field of the wrong type reads as absent, as optional chaining
 *   over the old casts did, so one odd row never makes a conversation or report unreadable.
 * Text that is not JSON at all throws SyntaxError, as JSON.parse always did.
 */

export class StoredJsonError extends Error {
  constructor(column: string, detail: string) {
    super(`stored ${column} is not what the server writes: ${detail}`);
    this.name = 'StoredJsonError';
  }
}

/** The one JSON.parse of stored columns: the result is unknown until a reader below narrows it. */
export function parseStored(json: string): unknown {
  return JSON.parse(json) as unknown;
}

function checked<T extends TSchema>(column: string, schema: T): (json: string) => Static<T> {
  const check = TypeCompiler.Compile(schema);
  return (json) => {
    const value = parseStored(json);
    if (check.Check(value)) return value;
    const first = check.Errors(value).First();
    throw new StoredJsonError(column, first ? `${first.path || '/'}: ${first.message}` : 'does not match');
  };
}

// ---- checked ------------------------------------------------------------------------------------------------

export const readSchedule = checked('campaigns.schedule_json', Schedule);
export const readThresholds = checked('campaigns.thresholds_json', Thresholds);
export const readCampaignMessages = checked('campaigns.messages_json', CampaignMessages);
export const readDispositions = checked('campaigns.dispositions_json', Type.Array(Disposition));
export const readOfferTimeout = checked('campaigns.offer_timeout_json', OfferTimeout);
/** Stored as given; fields a campaign never set read as the defaults (the caller merges). */
export const readQueueUpdates = checked('campaigns.queue_updates_json', Type.Partial(QueueUpdates));
export const readSurvey = checked('campaigns.survey_json', Type.Partial(SatisfactionSurvey));
export const readOutboundCommand = checked('outbox.command_json', OutboundCommand);
/** The pause reasons agents choose from (settings row `pause_reasons`). */
export const readPauseReasons = checked('settings.value_json', Type.Array(Type.String()));

export const CloudSecrets = Type.Object({
  appSecret: Type.String(),
  accessToken: Type.String(),
  verifyToken: Type.String(),
});
export type CloudSecrets = Static<typeof CloudSecrets>;
/** A WhatsApp Cloud provider's secrets, once providers.secret_sealed is opened. */
export const readCloudSecrets = checked('providers.secret_sealed (WhatsApp Cloud)', CloudSecrets);

// ---- lenient ------------------------------------------------------------------------------------------------

/** An object's fields, or none when the value is not an object. */
export function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The JSON array in a column, or [] when it holds something else. */
export function readArray(json: string): unknown[] {
  const value = parseStored(json);
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** What an interaction event adds to its type (interaction_events.detail_json). */
export interface StoredEventDetail {
  text?: string;
  reason?: string;
  /** transfers between campaigns: where the interaction came from */
  fromCampaignId?: string;
}
export function readEventDetail(json: string): StoredEventDetail {
  const d = fieldsOf(parseStored(json));
  const out: StoredEventDetail = {};
  for (const key of ['text', 'reason', 'fromCampaignId'] as const) {
    const value = text(d[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The router's explanation as the decision writer stored it (ids, not names). */
export interface StoredExplanation {
  strategy: string;
  deliveryMode: string;
  phase: number | null;
  considered: number;
  eligible: number;
  chosen: string | null;
  tieBreak: string | null;
  after: string | null;
  waitingAhead: number;
  excluded: { agentId: string; code: string; reason?: string }[];
  excludedCount: number;
}

/** Everything a timeline entry's detail may name, for rendering in the reader's language. */
export interface StoredTimelineDetail extends StoredEventDetail {
  fromAgentId?: string;
  toAgentId?: string;
  byUserId?: string;
  bySupervisor?: boolean;
  disposition?: StoredDisposition;
  explanation?: StoredExplanation;
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

function readExplanation(value: unknown): StoredExplanation | undefined {
  const e = fieldsOf(value);
  const strategy = text(e.strategy);
  if (strategy === undefined) return undefined;
  const excluded = Array.isArray(e.excluded) ? (e.excluded as unknown[]) : [];
  return {
    strategy,
    deliveryMode: text(e.deliveryMode) ?? '',
    phase: typeof e.phase === 'number' ? e.phase : null,
    considered: count(e.considered),
    eligible: count(e.eligible),
    chosen: text(e.chosen) ?? null,
    tieBreak: text(e.tieBreak) ?? null,
    after: text(e.after) ?? null,
    waitingAhead: count(e.waitingAhead),
    excluded: excluded.flatMap((raw) => {
      const x = fieldsOf(raw);
      const agentId = text(x.agentId);
      const code = text(x.code);
      if (agentId === undefined || code === undefined) return [];
      const reason = text(x.reason);
      return [reason === undefined ? { agentId, code } : { agentId, code, reason }];
    }),
    excludedCount: count(e.excludedCount),
  };
}

export function readTimelineDetail(json: string): StoredTimelineDetail {
  const d = fieldsOf(parseStored(json));
  const out: StoredTimelineDetail = readEventDetail(json);
  for (const key of ['fromAgentId', 'toAgentId', 'byUserId'] as const) {
    const value = text(d[key]);
    if (value !== undefined) out[key] = value;
  }
  if (d.bySupervisor === true) out.bySupervisor = true;
  if (d.disposition !== undefined) out.disposition = readDisposition(JSON.stringify(d.disposition));
  const explanation = readExplanation(d.explanation);
  if (explanation) out.explanation = explanation;
  return out;
}

/** The levels an agent chose when closing (interactions.disposition_json). */
export interface StoredDisposition {
  l1?: string;
  l2?: string;
  l3?: string;
}
export function readDisposition(json: string): StoredDisposition {
  const d = fieldsOf(parseStored(json));
  const out: StoredDisposition = {};
  for (const key of ['l1', 'l2', 'l3'] as const) {
    const value = text(d[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * One entry of messages.attachments_json: an Attachment, plus the provider's media handle while a download is
 * queued. Older rows kept the provider's raw form, so every field is optional. Read the list with readArray,
 * which keeps every entry in its position (media downloads address an entry by index and write the list
 * back), then type an entry with attachmentEntry.
 */
export const StoredAttachmentEntry = Type.Composite([
  Type.Partial(Attachment),
  Type.Object({ providerMediaId: Type.Optional(Type.String()) }),
]);
export type StoredAttachmentEntry = Static<typeof StoredAttachmentEntry>;
const attachmentEntryCheck = TypeCompiler.Compile(StoredAttachmentEntry);
/** The entry typed, or undefined when it is not an object or a known field has another type. */
export function attachmentEntry(raw: unknown): StoredAttachmentEntry | undefined {
  return attachmentEntryCheck.Check(raw) ? raw : undefined;
}
