import { Type, type Static } from '@sinclair/typebox';
import { Id, oneOf } from './common';
import { CampaignLanguage, DEFAULT_CUSTOMER_TEXTS, type CampaignLanguage as Language } from './customer-texts';

export const STRATEGIES = ['incall', 'nocall', 'interaction', 'ringall', 'ringallmultiple', 'nopause', 'omni'] as const;
export type Strategy = (typeof STRATEGIES)[number];
export const Strategy = oneOf(STRATEGIES);

export const DELIVERY_MODES = ['linear', 'rrmemory', 'wrandom'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
export const DeliveryMode = oneOf(DELIVERY_MODES);

const HHMM = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'HH:MM, 24 h',
  errorMessage: 'must be a time HH:MM from 00:00 to 23:59',
});

export const ScheduleRange = Type.Object(
  { day: Type.Integer({ minimum: 0, maximum: 6, description: '0 = Sunday' }), from: HHMM, to: HHMM },
  { additionalProperties: false },
);
/** `to` is inclusive to the minute; no schedule (null) means open 24 h. */
export const Schedule = Type.Object(
  {
    timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. America/Montevideo' }),
    ranges: Type.Array(ScheduleRange, { maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type Schedule = Static<typeof Schedule>;

const Seconds = Type.Integer({ minimum: 0, maximum: 7 * 24 * 3600 });
const Count = Type.Integer({ minimum: 0, maximum: 1_000_000 });

/** Monitoring thresholds: seconds unless a count. */
export const Thresholds = Type.Object(
  {
    serviceLevel: Type.Integer({ minimum: 1, maximum: 24 * 3600 }),
    shortAbandon: Seconds,
    chatTime: Seconds,
    acd: Count,
    /** 0 = no limit */
    maxQueued: Count,
    /** 0 = none */
    queueTimeout: Seconds,
  },
  { additionalProperties: false },
);
export type Thresholds = Static<typeof Thresholds>;

export const CannedResponse = Type.Object(
  {
    id: Type.Optional(Id),
    title: Type.String({ minLength: 1, maxLength: 120 }),
    shortcut: Type.String({
      pattern: '^/[a-z0-9_-]{1,40}$',
      description: '/shortcut, lower case',
      errorMessage: 'must be / followed by 1–40 lower-case letters, digits, _ or -',
    }),
    text: Type.String({ minLength: 1, maxLength: 4096 }),
  },
  { additionalProperties: false },
);
export type CannedResponse = Static<typeof CannedResponse>;

const DispositionName = Type.String({ minLength: 1, maxLength: 80 });
const Leaf = Type.Object(
  { name: DispositionName, enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
const Level2 = Type.Object(
  {
    name: DispositionName,
    enabled: Type.Optional(Type.Boolean()),
    children: Type.Optional(Type.Array(Leaf, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
/** A disposition tree of at most three levels (uContact's l1 > l2 > l3). */
export const Disposition = Type.Object(
  {
    name: DispositionName,
    enabled: Type.Optional(Type.Boolean()),
    children: Type.Optional(Type.Array(Level2, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type Disposition = Static<typeof Disposition>;

export const CampaignMessages = Type.Object(
  {
    welcome: Type.String({ maxLength: 2000 }),
    outOfTime: Type.String({ maxLength: 2000 }),
    notAvailable: Type.String({ maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type CampaignMessages = Static<typeof CampaignMessages>;

/** Optional: an auto-assigned interaction must be accepted within `seconds`, else re-offered. */
export const OfferTimeout = Type.Object(
  {
    seconds: Type.Integer({ minimum: 5, maximum: 3600 }),
    pauseAfterMisses: Type.Integer({ minimum: 1, maximum: 100 }),
  },
  { additionalProperties: false },
);
export type OfferTimeout = Static<typeof OfferTimeout>;

/**
 * What the waiting customer hears about their place in the queue. {position} and {eta} in the template are
 * replaced; a notice goes when the interaction is queued, then when its position improved by `stepPositions`
 * and/or every `everyMinutes`, never more than once a minute (enforced by the server, not configurable).
 */
export const QueueUpdates = Type.Object(
  {
    enabled: Type.Boolean(),
    template: Type.String({ minLength: 1, maxLength: 2000 }),
    /** 0 = position improvements alone never trigger a notice. */
    stepPositions: Type.Integer({ minimum: 0, maximum: 1000 }),
    /** 0 = off. */
    everyMinutes: Type.Integer({ minimum: 0, maximum: 24 * 60 }),
  },
  { additionalProperties: false },
);
export type QueueUpdates = Static<typeof QueueUpdates>;

/**
 * The satisfaction question sent after an agent or supervisor closes; the customer answers 1–5. Written in the
 * campaign's language: the customer's answer is read as a number whatever the language.
 */
export const SatisfactionSurvey = Type.Object(
  {
    enabled: Type.Boolean(),
    question: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type SatisfactionSurvey = Static<typeof SatisfactionSurvey>;

const Skill = Type.String({ minLength: 1, maxLength: 60 });

const campaignFields = {
  name: Type.String({ minLength: 1, maxLength: 80 }),
  enabled: Type.Boolean(),
  strategy: Strategy,
  deliveryMode: DeliveryMode,
  skills: Type.Array(Skill, { maxItems: 100 }),
  providerIds: Type.Array(Id, { maxItems: 50 }),
  schedule: Type.Union([Schedule, Type.Null()]),
  maxInteractionsPerAgent: Type.Integer({ minimum: 1, maximum: 100 }),
  thresholds: Thresholds,
  cannedResponses: Type.Array(CannedResponse, { maxItems: 500 }),
  dispositions: Type.Array(Disposition, { maxItems: 200 }),
  messages: CampaignMessages,
  wrapUpSeconds: Type.Integer({ minimum: 0, maximum: 3600 }),
  /** 0 = no limit */
  maxTransferSeconds: Type.Integer({ minimum: 0, maximum: 24 * 3600 }),
  offerTimeout: Type.Union([OfferTimeout, Type.Null()]),
  queueUpdates: QueueUpdates,
  /** The language of the texts customers receive (new campaigns get their default texts in it). */
  language: CampaignLanguage,
  survey: SatisfactionSurvey,
};

export const Campaign = Type.Object({
  id: Id,
  ...campaignFields,
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});
export type Campaign = Static<typeof Campaign>;

/** Only the name is required: every other field has a default that makes a new campaign work. */
export const CampaignCreate = Type.Object(
  {
    name: campaignFields.name,
    enabled: Type.Optional(campaignFields.enabled),
    strategy: Type.Optional(campaignFields.strategy),
    deliveryMode: Type.Optional(campaignFields.deliveryMode),
    skills: Type.Optional(campaignFields.skills),
    providerIds: Type.Optional(campaignFields.providerIds),
    schedule: Type.Optional(campaignFields.schedule),
    maxInteractionsPerAgent: Type.Optional(campaignFields.maxInteractionsPerAgent),
    thresholds: Type.Optional(Type.Partial(Thresholds)),
    cannedResponses: Type.Optional(campaignFields.cannedResponses),
    dispositions: Type.Optional(campaignFields.dispositions),
    messages: Type.Optional(Type.Partial(CampaignMessages)),
    wrapUpSeconds: Type.Optional(campaignFields.wrapUpSeconds),
    maxTransferSeconds: Type.Optional(campaignFields.maxTransferSeconds),
    offerTimeout: Type.Optional(campaignFields.offerTimeout),
    queueUpdates: Type.Optional(Type.Partial(QueueUpdates)),
    language: Type.Optional(campaignFields.language),
    survey: Type.Optional(Type.Partial(SatisfactionSurvey)),
  },
  { additionalProperties: false },
);
export type CampaignCreate = Static<typeof CampaignCreate>;

export const CampaignUpdate = Type.Partial(CampaignCreate, { additionalProperties: false });
export type CampaignUpdate = Static<typeof CampaignUpdate>;

/** A new campaign's customer-facing texts in `language`; everything else about a new campaign is language-free. */
export function campaignDefaults(language: Language) {
  const texts = DEFAULT_CUSTOMER_TEXTS[language];
  return {
    enabled: true,
    strategy: 'nocall' as Strategy,
    deliveryMode: 'rrmemory' as DeliveryMode,
    skills: [] as string[],
    providerIds: [] as string[],
    schedule: null as Schedule | null,
    maxInteractionsPerAgent: 3,
    thresholds: {
      serviceLevel: 20,
      shortAbandon: 5,
      chatTime: 600,
      acd: 5,
      maxQueued: 0,
      queueTimeout: 0,
    } as Thresholds,
    cannedResponses: [] as CannedResponse[],
    dispositions: [] as Disposition[],
    messages: {
      welcome: texts.welcome,
      outOfTime: texts.outOfTime,
      notAvailable: texts.notAvailable,
    } as CampaignMessages,
    wrapUpSeconds: 0,
    maxTransferSeconds: 0,
    offerTimeout: null as OfferTimeout | null,
    queueUpdates: {
      enabled: false,
      template: texts.queueTemplate,
      stepPositions: 1,
      everyMinutes: 0,
    } as QueueUpdates,
    language,
    survey: { enabled: false, question: texts.surveyQuestion } as SatisfactionSurvey,
  };
}

/**
 * What a campaign created without a language gets: Spanish, the language of the Latin American contact
 * centres this product serves first (the web editor proposes the administrator's own language instead).
 */
export const DEFAULT_CAMPAIGN_LANGUAGE: Language = 'es';
export const CAMPAIGN_DEFAULTS = campaignDefaults(DEFAULT_CAMPAIGN_LANGUAGE);

export const Member = Type.Object({
  campaignId: Id,
  agentId: Id,
  username: Type.String(),
  displayName: Type.String(),
  /** 0–100: lower receives more (wrandom). */
  penalty: Type.Integer({ minimum: 0, maximum: 100 }),
  /** 1-based order used by linear and rrmemory. */
  position: Type.Integer({ minimum: 1 }),
});
export type Member = Static<typeof Member>;

/** Add or remove agents in every selected campaign at once (uContact's Members screen). */
export const MembersChange = Type.Object(
  {
    campaignIds: Type.Array(Id, { minItems: 1, maxItems: 200 }),
    add: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
    remove: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
  },
  { additionalProperties: false },
);
export type MembersChange = Static<typeof MembersChange>;

export const MemberUpdate = Type.Object(
  {
    penalty: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    position: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
export type MemberUpdate = Static<typeof MemberUpdate>;

export const MemberParams = Type.Object({ id: Id, agentId: Id });
export type MemberParams = Static<typeof MemberParams>;

/** Reorder a campaign's members: the full list of agent ids in their new order. */
export const MemberOrder = Type.Object(
  { agentIds: Type.Array(Id, { minItems: 1, maxItems: 1000, uniqueItems: true }) },
  { additionalProperties: false },
);
export type MemberOrder = Static<typeof MemberOrder>;
