import type { Config } from './config/config';
import { CampaignService } from './admin/campaign-service';
import { MemberService } from './admin/member-service';
import { ProviderService } from './admin/provider-service';
import { ServiceTokenService } from './accounts/service-token-service';
import { SessionStore } from './accounts/session-store';
import { SettingsService } from './accounts/settings-service';
import { UserService } from './accounts/user-service';
import { ConversationStore } from './conversations/conversation-store';
import { enableOpenConversations } from './conversations/open-conversations';
import { CampaignDirectory } from './conversations/ingest/campaign-directory';
import { WebhookIngest } from './conversations/ingest/webhook-ingest';
import { OutboxWorker, type OutboxWorkerOptions } from './conversations/outbox/outbox-worker';
import { SurveyExpiry } from './conversations/survey/survey-expiry';
import { MediaDownloadWorker, type MediaDownloadWorkerOptions } from './conversations/media/media-download-worker';
import { ProviderRegistry } from './conversations/provider-registry';
import { DomainBus } from './events/domain-events';
import type { SecretBox } from './security/secret-box';
import type { Database } from './storage/database';
import { fileStoreFor, type FileStore } from './storage/file-store';
import { pino, type Logger } from 'pino';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { singleNodeStatus, type NodeStatus } from './cluster/node-status';
import { AgentWork } from './conversations/agent/agent-work';
import { AttachmentStore, DEFAULT_ATTACHMENT_LIMITS } from './conversations/agent/attachment-store';
import { LiveGateway } from './live/live-gateway';
import { RouterService, type RemoteRouter } from './routing/router-service';
import type { LiveRelay } from './live/live-relay';
import type { Transaction } from 'kysely';
import type { Tables } from './storage/schema';
import { storePorts } from './routing/store-ports';
import { AuditLog, type AuditWriter } from './supervision/audit-log';
import { InterventionService } from './supervision/intervention-service';
import { CampaignMonitorService } from './supervision/monitor-service';
import { RecordingsService } from './supervision/recordings-service';
import { MessageTextIndex } from './supervision/message-text-index';
import { ReadApiService } from './integrations/read-api-service';
import { OutboundGuard, type Resolve } from './providers/outbound-guard';
import { Metrics } from './metrics/metrics';
import { guardedFetch } from './providers/outbound-fetch';
import { WebhookEndpointService } from './webhooks/endpoint-service';
import { WebhookEventRecorder } from './webhooks/event-recorder';
import { WebhookDeliveryWorker, type WebhookDeliveryWorkerOptions } from './webhooks/delivery-worker';
import { TemplateCatalog, type TemplateCatalogDeps } from './conversations/templates/template-catalog';

/** The composition of domain services over one database; routes receive this, never the database itself. */
export interface Services {
  users: UserService;
  sessions: SessionStore;
  settings: SettingsService;
  providers: ProviderService;
  campaigns: CampaignService;
  members: MemberService;
  /** Domain events, emitted after durable writes. */
  bus: DomainBus;
  /** Interactions, messages, outbox and timeline: the repository every conversation part uses. */
  conversations: ConversationStore;
  /** One cached adapter per provider (webhooks in, outbox out). */
  providerAdapters: ProviderRegistry;
  /** Skill → campaign index for hand-offs; `invalidate()` after campaign changes. */
  campaignDirectory: CampaignDirectory;
  ingest: WebhookIngest;
  /** Started and stopped by the composition root (server.ts). */
  outbox: OutboxWorker;
  /** Downloads customers' media known by provider handles (WhatsApp Cloud media ids). */
  mediaDownloads: MediaDownloadWorker;
  /** Ends satisfaction questions nobody answered and sends the hand-backs they held. */
  surveyExpiry: SurveyExpiry;
  /** The one router of this process (docs/adr/0008-one-writer-for-interactions.md); started by the composition root. */
  router: RouterService;
  attachments: AttachmentStore;
  /** The bytes of attachments (the database on PostgreSQL, so every node serves every file; disk on SQLite). */
  files: FileStore;
  agentWork: AgentWork;
  /** The WebSocket live channel; registered on the app and started by the composition root. */
  live: LiveGateway;
  /** Live campaign figures kept from bus events; started by the composition root. */
  monitor: CampaignMonitorService;
  recordings: RecordingsService;
  /** SQLite's full-text index of message bodies, filled in batches; its timer is started by the composition root. */
  messageTextIndex: MessageTextIndex;
  readApi: ReadApiService;
  /** Whisper and take-over. */
  interventions: InterventionService;
  audit: AuditLog;
  /** Named API tokens for server-to-server callers (phone systems, CRMs). */
  serviceTokens: ServiceTokenService;
  /** The `switchboard_…` series of this server (served at /metrics when a token is configured). */
  metrics: Metrics;
  /** CRM endpoints that receive signed events (administration). */
  webhookEndpoints: WebhookEndpointService;
  /** Records a delivery row per subscribed endpoint for each domain event; listening from creation. */
  webhookEvents: WebhookEventRecorder;
  /** Sends recorded deliveries; started and stopped by the composition root. */
  webhookDeliveries: WebhookDeliveryWorker;
  /** WhatsApp Cloud templates synced from the business accounts; its hourly timer is started by the composition root. */
  templates: TemplateCatalog;
  /** This node's name, router role and reachability, for /healthz and /readyz. */
  status: NodeStatus;
}

/** Infrastructure a test or the composition root may substitute. */
export interface ServiceExtras {
  bus?: DomainBus;
  fetch?: typeof fetch;
  random?: () => number;
  logger?: Logger;
  /** Where uploaded files are kept on disk; defaults to `<dataDir>/attachments`. */
  attachmentsDir?: string;
  /** Where the bytes of attachments live; default: the database on PostgreSQL, `attachmentsDir` on SQLite. */
  files?: FileStore;
  /** The base URL providers fetch attachments from (known once the server listens). */
  publicUrl?: () => string;
  /** Routing randomness (wrandom), seeded in tests. */
  routingRng?: () => number;
  /** Replaces the audit log's writer (a test makes it fail to show a change rolls back with it). */
  auditWriter?: AuditWriter;
  /** Retry timings of the outbox (tests shorten them). */
  outbox?: Pick<OutboxWorkerOptions, 'policy' | 'leaseMs' | 'idleRecheckMs' | 'budget'>;
  /** Host name resolution for provider calls (tests play DNS rebinding with it). */
  resolve?: Resolve;
  /** Retry, pause and timeout settings of CRM webhook deliveries (tests shorten them). */
  webhooks?: Pick<WebhookDeliveryWorkerOptions, 'policy' | 'pauseAfter' | 'timeoutMs' | 'leaseMs' | 'idleRecheckMs'>;
  /** Several nodes: carries live events to every node's sockets (docs/adr/0012-several-nodes.md). */
  liveRelay?: LiveRelay;
  /** Several nodes: the leadership fence every routing transaction passes first. */
  routerFence?: (trx: Transaction<Tables>) => Promise<void>;
  /** Several nodes: where this node's router sends commands while another node leads. */
  remoteRouter?: RemoteRouter;
  /** Retry timings and size limits of inbound media downloads (tests shorten them). */
  media?: Pick<MediaDownloadWorkerOptions, 'policy' | 'leaseMs' | 'idleRecheckMs' | 'maxBytes'>;
  /** Timings of the periodic template sync (tests shorten them). */
  templates?: Pick<TemplateCatalogDeps, 'intervalMs' | 'checkEveryMs'>;
  /** Replaces the one-process status (leader, epoch 0) when several nodes run. */
  status?: NodeStatus;
}

export function createServices(
  database: Database,
  box: SecretBox,
  config: Pick<Config, 'sessionHours'> &
    Partial<Pick<Config, 'dataDir' | 'outboundAllowlist' | 'uploadQuotaMbPerHour' | 'mediaLinkDays' | 'nodeId'>>,
  now: () => number = Date.now,
  extras: ServiceExtras = {},
): Services {
  const { db } = database;
  const logger = extras.logger;
  const metrics = new Metrics();
  database.onQuery?.((ms, failed) => {
    metrics.querySeconds.observe(ms / 1000);
    if (failed) metrics.queryErrors.inc();
  });
  const bus =
    extras.bus ?? new DomainBus((error, event) => logger?.error({ err: error, event }, 'domain event listener failed'));
  // No allow-list means strict: a provider may only be a public address (tests and the demo list 127.0.0.1).
  const outboundGuard = new OutboundGuard({
    allow: config.outboundAllowlist ?? [],
    ...(extras.resolve ? { resolve: extras.resolve } : {}),
  });
  // One audit log for every service: each writes its records in the transaction of the change.
  const audit = new AuditLog(db, now, extras.auditWriter);
  const providers = new ProviderService(db, box, now, audit, {
    guard: outboundGuard,
    changed: (id) => providerAdapters.invalidate(id),
  });
  const campaigns = new CampaignService(db, now, audit);
  const conversations = new ConversationStore(now);
  // One process owns an SQLite file (config refuses REDIS_URL without DATABASE_URL): customers' messages may
  // find their open interaction in memory. Other nodes write a PostgreSQL database behind this one's back.
  if (database.dialect === 'sqlite') enableOpenConversations(db);
  const providerAdapters: ProviderRegistry = new ProviderRegistry({
    credentials: (id) => providers.credentials(id),
    guard: outboundGuard,
    db,
    now,
    ...(extras.fetch ? { fetch: extras.fetch } : {}),
  });
  const campaignDirectory = new CampaignDirectory({ list: () => campaigns.list(), db, now });
  bus.on('configuration.changed', () => campaignDirectory.invalidate());
  const outbox = new OutboxWorker({
    db,
    dialect: database.dialect,
    store: conversations,
    adapterFor: (id) => providerAdapters.get(id),
    bus,
    now,
    ...(extras.random ? { random: extras.random } : {}),
    ...(logger ? { logger } : {}),
    metrics,
    ...extras.outbox,
  });
  const files =
    extras.files ?? fileStoreFor(database, extras.attachmentsDir ?? join(config.dataDir ?? 'data', 'attachments'));
  const attachments = new AttachmentStore(db, files, extras.publicUrl ?? (() => 'http://localhost:3000'), now, {
    quotaBytesPerHour:
      config.uploadQuotaMbPerHour !== undefined
        ? config.uploadQuotaMbPerHour * 1024 * 1024
        : DEFAULT_ATTACHMENT_LIMITS.quotaBytesPerHour,
    mediaLinkMs:
      config.mediaLinkDays !== undefined ? config.mediaLinkDays * 86_400_000 : DEFAULT_ATTACHMENT_LIMITS.mediaLinkMs,
  });
  const mediaDownloads = new MediaDownloadWorker({
    db,
    attachments,
    adapterFor: (id) => providerAdapters.get(id),
    bus,
    now,
    ...(extras.random ? { random: extras.random } : {}),
    ...(logger ? { logger } : {}),
    ...extras.media,
  });
  const surveyExpiry = new SurveyExpiry({
    db,
    store: conversations,
    notifyOutbox: () => outbox.notify(),
    now,
    ...(logger ? { logger } : {}),
  });
  const ingest = new WebhookIngest({
    db,
    store: conversations,
    campaigns: campaignDirectory,
    bus,
    notifyOutbox: () => outbox.notify(),
    notifyMedia: () => mediaDownloads.notify(),
    files: attachments,
    now,
    // SQLite has one writer. PostgreSQL gains from a second transaction in flight, but with batches written as
    // one statement more lanes only make smaller batches: 2 beat 4 on latency and CPU per message at 2,000/s.
    lanes: database.dialect === 'postgres' ? 2 : 1,
    // Each statement is a round trip on PostgreSQL: a run of messages reads and inserts once, not once each.
    batchMessages: database.dialect === 'postgres',
    // ...and a batch of nothing but such messages is one statement, without BEGIN and COMMIT round trips.
    messagesAtOnce: database.dialect === 'postgres',
    // On SQLite, a lone message to a known conversation is one INSERT, without BEGIN and COMMIT statements.
    loneMessageAtOnce: database.dialect === 'sqlite',
    ...(logger ? { logger } : {}),
    receipts: metrics.receipts,
    ...(extras.outbox?.policy?.maxAttempts !== undefined ? { maxSendAttempts: extras.outbox.policy.maxAttempts } : {}),
  });
  const settings = new SettingsService(db, audit);
  const router = new RouterService({
    db,
    dialect: database.dialect,
    bus,
    campaigns,
    ports: storePorts(conversations, () => {
      outbox.notify();
      surveyExpiry.notify();
    }),
    audit,
    ...(extras.routerFence ? { fence: extras.routerFence } : {}),
    ...(extras.remoteRouter ? { remote: extras.remoteRouter } : {}),
    logger: logger ?? pino({ level: 'silent' }),
    now,
    ...(extras.routingRng ? { rng: extras.routingRng } : {}),
    metrics,
  });
  const templates = new TemplateCatalog({
    db,
    adapterFor: (id) => providerAdapters.get(id),
    now,
    ...(logger ? { logger } : {}),
    ...extras.templates,
  });
  const agentWork = new AgentWork({
    db,
    store: conversations,
    router,
    bus,
    settings,
    attachments,
    outboxChanged: () => outbox.notify(),
    audit,
    now,
    templateProblem: (providerId, template) => templates.problemWith(providerId, template),
  });
  const users = new UserService(db, now, audit, bus);
  const sessions = new SessionStore(db, config.sessionHours * 3600_000, now, bus);
  const live = new LiveGateway(db, bus, users, sessions, now, metrics.receipts, extras.liveRelay);
  metrics.watch({
    queues: () =>
      router.campaigns().map((c) => {
        const queue = router.views.campaignQueue(c.id);
        let oldest: number | null = null;
        for (const q of queue) if (oldest === null || q.enteredAt < oldest) oldest = q.enteredAt;
        return { campaign: c.name, waiting: queue.length, oldestEnteredAt: oldest };
      }),
    sockets: () => live.socketCount,
    outboxBacklog: async () => {
      const row = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    ...(database.poolStats ? { pool: database.poolStats } : {}),
    now,
  });
  const webhookEndpoints = new WebhookEndpointService(db, box, now, audit, {
    guard: outboundGuard,
    changed: () => webhookDeliveries.notify(),
    endpointsChanged: () => webhookEvents.invalidate(),
  });
  const webhookDeliveries = new WebhookDeliveryWorker({
    db,
    openSecret: (sealed) => webhookEndpoints.openSecret(sealed),
    // The same guard as providers: the saved URL and every resolved address, redirects never followed.
    fetch: guardedFetch(outboundGuard, extras.fetch),
    now,
    ...(extras.random ? { random: extras.random } : {}),
    ...(logger ? { logger } : {}),
    ...extras.webhooks,
  });
  const webhookEvents = new WebhookEventRecorder({
    db,
    bus,
    now,
    publicUrl: extras.publicUrl ?? (() => 'http://localhost:3000'),
    recorded: () => webhookDeliveries.notify(),
    ...(logger ? { logger } : {}),
  });
  webhookEvents.start();
  const monitor = new CampaignMonitorService({ db, bus, router, campaigns, now, ...(logger ? { logger } : {}) });
  const messageTextIndex = new MessageTextIndex({ db, dialect: database.dialect, ...(logger ? { logger } : {}) });
  return {
    users,
    sessions,
    settings,
    providers,
    campaigns,
    members: new MemberService(db, audit),
    bus,
    conversations,
    providerAdapters,
    campaignDirectory,
    ingest,
    outbox,
    mediaDownloads,
    surveyExpiry,
    router,
    attachments,
    files,
    agentWork,
    live,
    monitor,
    recordings: new RecordingsService({ db, dialect: database.dialect, now, textIndex: messageTextIndex }),
    messageTextIndex,
    interventions: new InterventionService({ db, store: conversations, router, bus, live, audit, now }),
    audit,
    serviceTokens: new ServiceTokenService(db, now, audit),
    metrics,
    readApi: new ReadApiService({ db, dialect: database.dialect, now }),
    webhookEndpoints,
    webhookEvents,
    webhookDeliveries,
    templates,
    status: extras.status ?? singleNodeStatus(config.nodeId ?? hostname(), database),
  };
}
