import type { Generated } from 'kysely';
import type {
  AgentStatusName,
  Channel,
  DELIVERY,
  DeliveryMode,
  INTERACTION_STATUSES,
  MESSAGE_AUTHORS,
  ProviderKind,
  Role,
  Strategy,
  WebhookDeliveryStatus,
  WebhookEvent,
} from '@switchboard/protocol';

/** The vocabularies stored in text columns; the database does not check them, every writer here does. */
export type InteractionStatus = (typeof INTERACTION_STATUSES)[number];
export type MessageDirection = 'in' | 'out' | 'internal';
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];
export type MessageDeliveryStatus = (typeof DELIVERY)[number];
export type MessageKind = 'text' | 'media' | 'template' | 'whisper' | 'event';
/** Changes the server makes on its own (first administrator, demo data) are audited as `system`. */
export type AuditRole = Role | 'system';
/** A work queue row (outbox, media downloads): waiting for a worker, finished, or given up on. */
export type QueueRowStatus = 'pending' | 'done' | 'failed';

/**
 * Row types of every table. Timestamps are epoch milliseconds (integers on both dialects, so one code path
 * serves SQLite and PostgreSQL); booleans are 0/1 for the same reason. JSON columns hold text.
 */
export interface UsersTable {
  id: string;
  username: string;
  /** lower-cased username: uniqueness is case-insensitive */
  username_key: string;
  display_name: string;
  role: Role;
  password_hash: string;
  enabled: number;
  /** 1: a supervisor who sees every campaign, including ones created later (user_campaigns is then unused) */
  all_campaigns: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface UserCampaignsTable {
  user_id: string;
  campaign_id: string;
}

export interface SessionsTable {
  /** sha256 of the cookie value: a leaked database does not leak live sessions */
  id_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export interface ProvidersTable {
  id: string;
  kind: ProviderKind;
  name: string;
  name_key: string;
  channel: Channel;
  platform_id: string;
  domain: string | null;
  username: string | null;
  /** AES-256-GCM sealed partner token / password / app secret */
  secret_sealed: string;
  created_at: number;
  updated_at: number;
  /** WhatsApp Cloud: send budget per phone number id; null = the default (migration 0016). */
  messages_per_second: number | null;
  /** WhatsApp Cloud: the business account whose templates are synced; null = none (migration 0022). */
  waba_id: string | null;
  /** WhatsApp Cloud: when the templates were last synced; null = never. */
  templates_synced_at: number | null;
}

export interface CampaignsTable {
  id: string;
  name: string;
  name_key: string;
  enabled: number;
  strategy: Strategy;
  delivery_mode: DeliveryMode;
  max_per_agent: number;
  wrapup_seconds: number;
  max_transfer_seconds: number;
  schedule_json: string | null;
  thresholds_json: string;
  messages_json: string;
  dispositions_json: string;
  offer_timeout_json: string | null;
  /** QueueUpdates as JSON; null (rows before migration 0019) reads as the defaults, off. */
  queue_updates_json: string | null;
  /** CampaignLanguage (migration 0020). */
  language: Generated<string>;
  /** SatisfactionSurvey as JSON; null reads as off with the language's question. */
  survey_json: string | null;
  created_at: number;
  updated_at: number;
}

export interface CampaignSkillsTable {
  campaign_id: string;
  skill: string;
  skill_key: string;
  position: number;
}

export interface CampaignProvidersTable {
  campaign_id: string;
  provider_id: string;
  position: number;
}

export interface CannedResponsesTable {
  id: string;
  campaign_id: string;
  title: string;
  shortcut: string;
  text: string;
  position: number;
}

export interface MembersTable {
  campaign_id: string;
  agent_id: string;
  penalty: number;
  position: number;
}

export interface SettingsTable {
  key: string;
  value_json: string;
}

/** One row: who leads routing among several nodes, under which epoch (migration 0026). */
export interface RouterLeadershipTable {
  id: number;
  epoch: number;
  leader_node: string | null;
}

/** One row: the leader's lease, renewed apart from the epoch row (migration 0026). */
export interface RouterLeaseTable {
  id: number;
  epoch: number;
  renewed_at_ms: number;
}

export interface Tables extends ConversationTables, SupervisionTables {
  router_leadership: RouterLeadershipTable;
  router_lease: RouterLeaseTable;
  users: UsersTable;
  user_campaigns: UserCampaignsTable;
  sessions: SessionsTable;
  providers: ProvidersTable;
  campaigns: CampaignsTable;
  campaign_skills: CampaignSkillsTable;
  campaign_providers: CampaignProvidersTable;
  canned_responses: CannedResponsesTable;
  members: MembersTable;
  settings: SettingsTable;
  service_tokens: ServiceTokensTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  media_downloads: MediaDownloadsTable;
  whatsapp_templates: WhatsappTemplatesTable;
  satisfaction_surveys: SatisfactionSurveysTable;
}

/** A WhatsApp Cloud business account's template as last synced (migration 0022). */
export interface WhatsappTemplatesTable {
  provider_id: string;
  name: string;
  language: string;
  /** Meta's status: APPROVED, PENDING, REJECTED, PAUSED, DISABLED… Only APPROVED ones are offered. */
  status: string;
  category: string;
  body_text: string;
  param_count: number;
  synced_at: number;
}

export type SurveyState = 'awaiting' | 'answered' | 'expired' | 'skipped';

/** The satisfaction question of one closed interaction and its answer (migration 0021). */
export interface SatisfactionSurveysTable {
  interaction_id: string;
  provider_id: string;
  external_conversation_id: string;
  campaign_id: string | null;
  /** who closed it (agent or supervisor): the answer rates them */
  agent_id: string | null;
  state: SurveyState;
  /** 1: the provider's endConversation is sent when the wait ends, not at the close */
  hold_end: number;
  sent_at: number;
  expires_at: number;
  score: number | null;
  answered_at: number | null;
}

export interface ServiceTokensTable {
  id: string;
  name: string;
  /** SHA-256 (hex) of the token; the token itself is never stored */
  token_hash: string;
  scopes_json: string;
  created_at: number;
  /** username of the administrator who created it */
  created_by: string;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface WebhookEndpointsTable {
  id: string;
  name: string;
  url: string;
  events_json: string;
  /** SecretBox-sealed signing secret; never returned */
  secret_sealed: string;
  enabled: number;
  paused_at: number | null;
  consecutive_failures: number;
  created_at: number;
  created_by: string;
  updated_at: number;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event: WebhookEvent;
  /** what makes the event unique for its endpoint (event name + subject ids) */
  event_key: string;
  /** the exact JSON body sent (and signed) on every attempt */
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: number;
  last_attempt_at: number | null;
  delivered_at: number | null;
}

export type { Generated };

export interface InteractionsTable {
  id: string;
  provider_id: string;
  external_conversation_id: string;
  campaign_id: string | null;
  customer_number: string;
  customer_name: string | null;
  skill: string;
  status: InteractionStatus;
  close_reason: string | null;
  owner_agent_id: string | null;
  created_at: number;
  entered_at: number | null;
  offered_at: number | null;
  taken_at: number | null;
  closed_at: number | null;
  disposition_json: string | null;
  /** No longer written: migration 0017 moved pending transfers to the transfer_* columns. */
  transfer_json: string | null;
  /** A pending transfer to an agent: the transferring owner, the target and when it returns (null = never). */
  transfer_from_agent_id: string | null;
  transfer_to_agent_id: string | null;
  transfer_requested_at: number | null;
  transfer_deadline: number | null;
  /** Set while the staff member in owner_agent_id holds it after a take-over. */
  taken_over_at: number | null;
  attended_sent: number;
  end_sent: number;
  version: number;
  /** What names the hand-off that opened it (provider message id or event hash); null on older rows. */
  handoff_key?: string | null;
}

export interface MessagesTable {
  id: string;
  interaction_id: string;
  provider_id: string;
  provider_message_id: string | null;
  direction: MessageDirection;
  author: MessageAuthor;
  agent_id: string | null;
  kind: MessageKind;
  body: string | null;
  attachments_json: string | null;
  /** outbound only */
  status: MessageDeliveryStatus | null;
  error: string | null;
  created_at: number;
  /** When the provider stamped the current status (epoch ms); null when we set it (migration 0016). */
  status_at: number | null;
}

export interface OutboxTable {
  /** monotonic: ordering by id is ordering by enqueue time */
  id: string;
  interaction_id: string;
  provider_id: string;
  message_id: string | null;
  command_json: string;
  status: QueueRowStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
}

export interface InteractionEventsTable {
  id: string;
  interaction_id: string;
  at: number;
  type: string;
  campaign_id: string | null;
  agent_id: string | null;
  detail_json: string | null;
}

export interface AgentPresenceTable {
  agent_id: string;
  status: AgentStatusName;
  reason: string | null;
  since: number;
  on_call: number;
  wrapup_until: number | null;
}

export interface AttachmentsTable {
  id: string;
  name: string;
  mime_type: string;
  size: number;
  sha256: string;
  token: string;
  /** a user id, or `provider:<id>` for a file a customer sent */
  uploaded_by: string;
  created_at: number;
  /** when the file left in (or arrived with) a message; null while an upload waits to be sent */
  sent_at: number | null;
  /** the interaction it was sent or received in; decides who may read it */
  interaction_id: string | null;
}

/** The bytes of an attachment where the database keeps them (PostgreSQL; storage/file-store.ts). */
export interface AttachmentBlobsTable {
  id: string;
  bytes: Buffer;
}

export interface ConversationTables {
  attachments: AttachmentsTable;
  attachment_blobs: AttachmentBlobsTable;
  interactions: InteractionsTable;
  messages: MessagesTable;
  outbox: OutboxTable;
  interaction_events: InteractionEventsTable;
  agent_presence: AgentPresenceTable;
}

/** One change made by a supervisor or administrator. Never holds request bodies: no secrets. */
export interface AuditLogTable {
  id: string;
  at: number;
  user_id: string;
  username: string;
  role: AuditRole;
  action: string;
  target: string | null;
  detail: string | null;
  target_kind: string | null;
  target_name: string | null;
}

export interface SupervisionTables {
  audit_log: AuditLogTable;
}

export interface MediaDownloadsTable {
  id: string;
  message_id: string;
  /** index of the attachment in the message's attachments_json */
  position: number;
  interaction_id: string;
  provider_id: string;
  /** the provider's media handle (WhatsApp Cloud media id) */
  media_id: string;
  mime_type: string;
  status: QueueRowStatus;
  attempts: number;
  /** due time; while a worker holds the row, the end of its lease */
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
}
