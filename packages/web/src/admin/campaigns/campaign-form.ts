import {
  CAMPAIGN_LANGUAGES,
  campaignDefaults,
  DEFAULT_CAMPAIGN_LANGUAGE,
  DEFAULT_CUSTOMER_TEXTS,
  isDefaultText,
  type CampaignLanguage,
  type CannedResponse,
  type Campaign,
  type CampaignCreate,
  type CampaignMessages,
  type DeliveryMode,
  type Disposition,
  type OfferTimeout,
  type QueueUpdates,
  type SatisfactionSurvey,
  type Schedule,
  type Strategy,
  type Thresholds,
} from '@switchboard/protocol';

/** The editor's state: the campaign plus the on/off switches of its nullable parts. */
export interface CampaignFormValues {
  name: string;
  enabled: boolean;
  strategy: Strategy;
  deliveryMode: DeliveryMode;
  skills: string[];
  providerIds: string[];
  /** No schedule means open 24 h; the week grid is kept so that switching back loses nothing. */
  open24h: boolean;
  schedule: Schedule;
  maxInteractionsPerAgent: number;
  thresholds: Thresholds;
  cannedResponses: CannedResponse[];
  dispositions: Disposition[];
  messages: CampaignMessages;
  wrapUpSeconds: number;
  maxTransferSeconds: number;
  offerTimeoutEnabled: boolean;
  offerTimeout: OfferTimeout;
  queueUpdates: QueueUpdates;
  language: CampaignLanguage;
  survey: SatisfactionSurvey;
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * A new campaign speaks the administrator's own language at first (they are likely to serve customers in
 * it, and they see its texts right away); Spanish when the interface is in another language.
 */
export function newCampaignLanguage(uiLanguage: string | undefined): CampaignLanguage {
  const base = (uiLanguage ?? '').slice(0, 2).toLowerCase();
  return (CAMPAIGN_LANGUAGES as readonly string[]).includes(base)
    ? (base as CampaignLanguage)
    : DEFAULT_CAMPAIGN_LANGUAGE;
}

export function toFormValues(campaign: Campaign | null, uiLanguage?: string): CampaignFormValues {
  const c = campaign ?? { name: '', ...campaignDefaults(newCampaignLanguage(uiLanguage)) };
  return {
    name: c.name,
    enabled: c.enabled,
    strategy: c.strategy,
    deliveryMode: c.deliveryMode,
    skills: [...c.skills],
    providerIds: [...c.providerIds],
    open24h: c.schedule === null,
    schedule: c.schedule
      ? { timezone: c.schedule.timezone, ranges: c.schedule.ranges.map((r) => ({ ...r })) }
      : { timezone: browserTimeZone(), ranges: [] },
    maxInteractionsPerAgent: c.maxInteractionsPerAgent,
    thresholds: { ...c.thresholds },
    cannedResponses: c.cannedResponses.map((r) => ({ ...r })),
    dispositions: structuredClone(c.dispositions),
    messages: { ...c.messages },
    wrapUpSeconds: c.wrapUpSeconds,
    maxTransferSeconds: c.maxTransferSeconds,
    offerTimeoutEnabled: c.offerTimeout !== null,
    offerTimeout: c.offerTimeout ? { ...c.offerTimeout } : { seconds: 30, pauseAfterMisses: 3 },
    queueUpdates: { ...c.queueUpdates },
    language: c.language,
    survey: { ...c.survey },
  };
}

/** A customer text of the form, where it lives and which default it is compared with. */
const TEXT_FIELDS = [
  { path: 'messages.welcome', kind: 'welcome', get: (v: CampaignFormValues) => v.messages.welcome },
  { path: 'messages.outOfTime', kind: 'outOfTime', get: (v: CampaignFormValues) => v.messages.outOfTime },
  { path: 'messages.notAvailable', kind: 'notAvailable', get: (v: CampaignFormValues) => v.messages.notAvailable },
  { path: 'queueUpdates.template', kind: 'queueTemplate', get: (v: CampaignFormValues) => v.queueUpdates.template },
  { path: 'survey.question', kind: 'surveyQuestion', get: (v: CampaignFormValues) => v.survey.question },
] as const;

/**
 * The texts a language change may replace: still a default text (of any language, so nobody wrote them) and
 * not already the default of `language`. Texts an administrator wrote, or emptied, are never offered.
 */
export function untouchedDefaults(v: CampaignFormValues, language: CampaignLanguage): { path: string; text: string }[] {
  const texts = DEFAULT_CUSTOMER_TEXTS[language];
  return TEXT_FIELDS.flatMap((f) => {
    const current = f.get(v);
    if (current.trim() === '' || !isDefaultText(f.kind, current) || current === texts[f.kind]) return [];
    return [{ path: f.path, text: texts[f.kind] }];
  });
}

/** NumberInput reports '' while empty; the API wants integers. */
function int(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  const parsed = Number.parseInt(String(value), 10);
  return Number.isFinite(parsed) ? parsed : 0;
}

/** The whole campaign, as the API takes it on create and on update. */
export function toCampaignBody(v: CampaignFormValues): Required<CampaignCreate> {
  const t = v.thresholds;
  return {
    name: v.name.trim(),
    enabled: v.enabled,
    strategy: v.strategy,
    deliveryMode: v.deliveryMode,
    skills: v.skills.map((s) => s.trim()).filter(Boolean),
    providerIds: v.providerIds,
    schedule: v.open24h ? null : { timezone: v.schedule.timezone, ranges: v.schedule.ranges.map((r) => ({ ...r })) },
    maxInteractionsPerAgent: int(v.maxInteractionsPerAgent),
    thresholds: {
      serviceLevel: int(t.serviceLevel),
      shortAbandon: int(t.shortAbandon),
      chatTime: int(t.chatTime),
      acd: int(t.acd),
      maxQueued: int(t.maxQueued),
      queueTimeout: int(t.queueTimeout),
    },
    cannedResponses: v.cannedResponses.map((r) => ({
      ...(r.id ? { id: r.id } : {}),
      title: r.title.trim(),
      shortcut: r.shortcut.trim(),
      text: r.text,
    })),
    dispositions: v.dispositions,
    messages: { ...v.messages },
    wrapUpSeconds: int(v.wrapUpSeconds),
    maxTransferSeconds: int(v.maxTransferSeconds),
    offerTimeout: v.offerTimeoutEnabled
      ? { seconds: int(v.offerTimeout.seconds), pauseAfterMisses: int(v.offerTimeout.pauseAfterMisses) }
      : null,
    queueUpdates: {
      enabled: v.queueUpdates.enabled,
      template: v.queueUpdates.template,
      stepPositions: int(v.queueUpdates.stepPositions),
      everyMinutes: int(v.queueUpdates.everyMinutes),
    },
    language: v.language,
    survey: { enabled: v.survey.enabled, question: v.survey.question },
  };
}
