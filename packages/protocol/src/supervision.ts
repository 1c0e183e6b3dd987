import { Type, type Static } from '@sinclair/typebox';
import { Id, oneOf } from './common';
import { AGENT_STATUSES, INTERACTION_STATUSES } from './inbox';
import { Role } from './users';

/** Threshold colour of a monitored figure. */
export const Colour = oneOf(['none', 'amber', 'red'] as const);
export type Colour = Static<typeof Colour>;

const Percent = Type.Union([Type.Number(), Type.Null()], {
  description: 'null when the denominator is empty (shown as —)',
});
const Ms = Type.Union([Type.Integer(), Type.Null()]);
/** A time filter in epoch ms, bounded like JavaScript dates: a larger number overflowed PostgreSQL's bigint. */
const Time = Type.Integer({ minimum: 0, maximum: 8.64e15 });

/** The "last hours" of the satisfaction figures: the span of the monitoring chart. */
export const SATISFACTION_RECENT_HOURS = 8;

/** Customer satisfaction: the average 1–5 answer (null without answers) and how many answers. */
export const Satisfaction = Type.Object({
  average: Type.Union([Type.Number(), Type.Null()]),
  count: Type.Integer(),
});
export type Satisfaction = Static<typeof Satisfaction>;

/** One campaign's live figures. "Today" is the campaign's time zone. */
export const CampaignMonitor = Type.Object({
  campaignId: Id,
  name: Type.String(),
  enabled: Type.Boolean(),
  open: Type.Boolean(),
  agents: Type.Object({
    available: Type.Integer(),
    busy: Type.Integer(),
    paused: Type.Integer(),
    wrapup: Type.Integer(),
    offline: Type.Integer(),
  }),
  waiting: Type.Integer(),
  longestWaitMs: Ms,
  /** waiting ≥ acd → red; an item waiting > serviceLevel → amber */
  waitingColour: Colour,
  active: Type.Integer(),
  attendedToday: Type.Integer(),
  abandonedToday: Type.Integer(),
  transferredToday: Type.Integer(),
  serviceLevelPercent: Percent,
  serviceLevelWithAbandonedPercent: Percent,
  abandonPercent: Percent,
  averageWaitMs: Ms,
  averageHandleMs: Ms,
  /** answers to the satisfaction question today, and in the last hours (the chart's span) */
  satisfactionToday: Satisfaction,
  satisfactionRecent: Satisfaction,
  thresholds: Type.Object({
    serviceLevel: Type.Integer(),
    shortAbandon: Type.Integer(),
    chatTime: Type.Integer(),
    acd: Type.Integer(),
  }),
});
export type CampaignMonitor = Static<typeof CampaignMonitor>;

export const AgentMonitorRow = Type.Object({
  agentId: Id,
  displayName: Type.String(),
  status: oneOf(AGENT_STATUSES),
  busy: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()]),
  since: Type.Integer(),
  active: Type.Integer(),
  max: Type.Integer(),
  oldestActiveMs: Ms,
  /** an active chat longer than chatTime → red */
  oldestActiveColour: Colour,
  attendedToday: Type.Integer(),
  /** on a telephone call (phone-system presence) */
  onCall: Type.Boolean(),
  /** the agent's chats in this campaign now, oldest first: who, and since when (taken) */
  chats: Type.Array(
    Type.Object({ interactionId: Id, customer: Type.String(), takenAt: Type.Union([Type.Integer(), Type.Null()]) }),
  ),
  /** answers about conversations this person closed in this campaign */
  satisfactionToday: Satisfaction,
  satisfactionRecent: Satisfaction,
});
export type AgentMonitorRow = Static<typeof AgentMonitorRow>;

export const ChartPoint = Type.Object({
  at: Type.Integer(),
  arrivals: Type.Integer(),
  answered: Type.Integer(),
  abandoned: Type.Integer(),
  serviceLevelPercent: Percent,
});
export type ChartPoint = Static<typeof ChartPoint>;

export const WaitingItem = Type.Object({
  interactionId: Id,
  customerNumber: Type.String(),
  customerName: Type.Union([Type.String(), Type.Null()]),
  enteredAt: Type.Integer(),
  colour: Colour,
});

export const ActiveItem = Type.Object({
  interactionId: Id,
  agentId: Type.Union([Id, Type.Null()]),
  customerNumber: Type.String(),
  takenAt: Type.Union([Type.Integer(), Type.Null()]),
  colour: Colour,
});

export const CampaignMonitorDetail = Type.Object({
  campaign: CampaignMonitor,
  agents: Type.Array(AgentMonitorRow),
  waitingItems: Type.Array(WaitingItem),
  activeItems: Type.Array(ActiveItem),
  /** the last hours, one point per interval */
  chart: Type.Array(ChartPoint),
});
export type CampaignMonitorDetail = Static<typeof CampaignMonitorDetail>;

/** Recordings search. Dates are epoch ms; `from` defaults to the start of today. */
export const RecordingQuery = Type.Object({
  from: Type.Optional(Time),
  to: Type.Optional(Time),
  campaignIds: Type.Optional(Type.String({ description: 'comma-separated ids' })),
  agentIds: Type.Optional(Type.String({ description: 'comma-separated ids' })),
  customer: Type.Optional(Type.String({ maxLength: 100, description: 'number or name fragment' })),
  providerId: Type.Optional(Id),
  disposition: Type.Optional(Type.String({ maxLength: 80, description: 'any level' })),
  status: Type.Optional(oneOf(INTERACTION_STATUSES)),
  text: Type.Optional(Type.String({ maxLength: 200, description: 'free text inside messages (full-text index)' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type RecordingQuery = Static<typeof RecordingQuery>;

export const RecordingRow = Type.Object({
  id: Id,
  startedAt: Type.Integer(),
  endedAt: Type.Union([Type.Integer(), Type.Null()]),
  campaignId: Type.Union([Id, Type.Null()]),
  campaignName: Type.Union([Type.String(), Type.Null()]),
  agentNames: Type.Array(Type.String()),
  customerNumber: Type.String(),
  customerName: Type.Union([Type.String(), Type.Null()]),
  providerId: Id,
  /** the provider's channel (whatsapp, facebook, twitter) */
  channel: Type.Optional(Type.String()),
  waitMs: Ms,
  durationMs: Ms,
  messageCount: Type.Integer(),
  disposition: Type.Union([Type.String(), Type.Null()], { description: 'l1 > l2 > l3' }),
  status: oneOf(INTERACTION_STATUSES),
  closeReason: Type.Union([Type.String(), Type.Null()]),
  /** Who closed it by hand (an agent, or a supervisor who had taken it over); null for the customer or the system. */
  closedBy: Type.Union([Type.Object({ name: Type.String(), role: Role }), Type.Null()]),
  /** the customer's 1–5 answer to the satisfaction question; null when not asked or not answered */
  satisfaction: Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Null()]),
});
export type RecordingRow = Static<typeof RecordingRow>;

export const RecordingPage = Type.Object({
  rows: Type.Array(RecordingRow),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type RecordingPage = Static<typeof RecordingPage>;

export const WhisperBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type WhisperBody = Static<typeof WhisperBody>;

/** A supervisor places a waiting interaction with, or moves an active one to, this member of its campaign. */
export const SupervisorAssignBody = Type.Object({ agentId: Id }, { additionalProperties: false });
export type SupervisorAssignBody = Static<typeof SupervisorAssignBody>;

/** Ends a take-over: to this agent, or (no agent) back to the campaign queue at its original place. */
export const ReleaseBody = Type.Object(
  { toAgentId: Type.Optional(Type.Union([Id, Type.Null()])) },
  { additionalProperties: false },
);
export type ReleaseBody = Static<typeof ReleaseBody>;

/** Every action the audit log records; the web shows each as a sentence and filters by them. */
export const AUDIT_ACTIONS = [
  'campaign.created',
  'campaign.updated',
  'campaign.deleted',
  'member.added',
  'member.removed',
  'member.updated',
  'members.reordered',
  'provider.created',
  'provider.updated',
  'provider.deleted',
  'provider.message_sent',
  'user.created',
  'user.updated',
  'user.enabled',
  'user.disabled',
  'user.password_reset',
  'pause_reasons.updated',
  'service_token.created',
  'service_token.revoked',
  'webhook_endpoint.created',
  'webhook_endpoint.updated',
  'webhook_endpoint.deleted',
  'interaction.viewed',
  'interaction.taken',
  'interaction.offer_declined',
  'interaction.closed',
  'interaction.transferred',
  'interaction.transfer_accepted',
  'interaction.taken_over',
  'interaction.released',
  'interaction.assigned_by_supervisor',
  'interaction.moved',
  'whisper.sent',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditEntry = Type.Object({
  id: Id,
  at: Type.Integer(),
  userId: Id,
  username: Type.String(),
  role: Type.String(),
  action: Type.String({ description: 'e.g. campaign.updated, member.removed, interaction.taken, whisper.sent' }),
  /** The target's id. */
  target: Type.Union([Type.String(), Type.Null()]),
  /** provider | campaign | member | user | interaction | settings */
  targetKind: Type.Union([Type.String(), Type.Null()]),
  /** The target's name when the change happened, so a later rename or delete still reads well. */
  targetName: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.String(), Type.Null()]),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditQuery = Type.Object({
  from: Type.Optional(Time),
  to: Type.Optional(Time),
  /** The actor. */
  userId: Type.Optional(Id),
  action: Type.Optional(oneOf(AUDIT_ACTIONS)),
  /** Changes to this campaign, its members, and its interactions. */
  campaignId: Type.Optional(Id),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditPage = Type.Object({
  rows: Type.Array(AuditEntry),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type AuditPage = Static<typeof AuditPage>;
