import fastifyWebsocket from '@fastify/websocket';
import type { LiveEvent, LiveEventBody, WhisperData } from '@switchboard/protocol';
import { routes } from '@switchboard/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import { hashToken, type SessionStore } from '../accounts/session-store';
import { DomainError } from '../errors';
import { requireUser } from '../http/access';
import type { OwnOrigins } from '../http/own-origins';
import { SESSION_COOKIE } from '../accounts/auth-routes';
import { routeOptions } from '../http/route';
import type { DomainBus } from '../events/domain-events';
import type { UserService } from '../accounts/user-service';
import type { Tables } from '../storage/schema';
import type { ReceiptClock } from '../metrics/receipt-clock';
import { LiveFeed, type Audience, type Viewer } from './live-feed';
import { LocalLiveRelay, type LiveMessage, type LiveRelay } from './live-relay';

interface Held {
  event: LiveEvent;
  audience: Audience;
}

interface Connection {
  socket: WebSocket;
  token: string;
  tokenHash: string;
  viewer: Viewer;
  /**
   * Non-null while the viewer's rights are being re-read: events wait here and are filtered with the fresh
   * rights, so nothing goes out on rights that were just taken away.
   */
  held: Held[] | null;
  /** Bumped by each re-check; only the latest one may flush `held`. */
  generation: number;
  expiry: ReturnType<typeof setTimeout> | null;
}

export interface LiveAccess {
  /** Handshakes from any other browser origin are refused (a missing Origin is a non-browser client). */
  origins: OwnOrigins;
  /** Sockets one user may hold at once; the next handshake is refused with 429. */
  perUser: number;
}

/** Close codes the web app can tell apart (4000–4999 are the application's). */
export const CLOSE_SESSION_ENDED = 4401;
export const CLOSE_RIGHTS_CHANGED = 4403;
export const CLOSE_TOO_MANY = 4429;

// setTimeout cannot wait longer than this; a session ending later is re-checked then.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Pushes domain events to the browsers that may see them (docs/adr/0010-live-events-contract.md): each agent its inbox,
 * members of a campaign its queue, supervisors their campaigns. Sequence numbers let a reconnecting client catch up. A
 * socket lives only as long as its session and its user's rights: sign-out, disabling, a role change and session expiry
 * close it; a scope or membership change is applied before the next event is delivered.
 */
export class LiveGateway {
  private readonly connections = new Set<Connection>();
  private readonly membership = new Map<string, Set<string>>();
  private membershipLoaded: Promise<void> = Promise.resolve();
  /** Counts events that change someone's rights, so a socket being set up knows whether it missed one. */
  private rightsEpoch = 0;
  readonly feed: LiveFeed;

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly bus: DomainBus,
    private readonly users: UserService,
    private readonly sessions: SessionStore,
    private readonly now: () => number = Date.now,
    /** Told when a customer's message or a routed interaction reaches its agent (push-latency metric). */
    private readonly receipts?: Pick<ReceiptClock, 'pushed' | 'forget'>,
    /** Carries events to every node's sockets (docs/adr/0012-several-nodes.md); one process by default. */
    private readonly relay: LiveRelay = new LocalLiveRelay(),
  ) {
    this.feed = new LiveFeed(10_000, (campaignId) => this.membership.get(campaignId) ?? new Set());
    relay.onDeliver((seq, message) => this.deliver(seq, message));
  }

  async start(): Promise<void> {
    await this.reloadMembership();
    const b = this.bus;
    // Rights are checked by each node for its own sockets, whichever node the change happened on.
    b.on('configuration.changed', () => {
      // Membership and supervisors' scopes may have changed: hold every socket until both are re-read.
      this.rightsEpoch++;
      void this.reloadMembership();
      for (const c of this.connections) this.recheck(c);
    });
    // What follows turns an event into live messages once, on the node that emitted it; the relay brings them
    // to every node's sockets.
    b.onLocal('configuration.changed', (e) => {
      // Thresholds and members change what every staff monitor shows, not only the page that saved them.
      for (const campaignId of e.campaignIds)
        this.publish(
          { type: 'campaign.changed', data: { campaignId } },
          { agentIds: [], campaignMembers: null, staffCampaign: campaignId },
        );
    });
    b.on('session.ended', (e) => {
      this.rightsEpoch++;
      for (const c of this.connections)
        if (c.tokenHash === e.tokenHash || c.viewer.id === e.userId) this.end(c, CLOSE_SESSION_ENDED, 'signed out');
    });
    b.on('user.changed', (e) => {
      this.rightsEpoch++;
      for (const c of this.connections) if (c.viewer.id === e.userId) this.recheck(c);
    });
    // A rating moves the campaign's and the agent's satisfaction figures: staff monitors only.
    b.onLocal('survey.answered', (e) => {
      if (e.campaignId === null) return;
      this.publish(
        {
          type: 'satisfaction.answered',
          data: { interactionId: e.interactionId, campaignId: e.campaignId, score: e.score },
        },
        { agentIds: [], campaignMembers: null, staffCampaign: e.campaignId },
      );
    });
    b.onLocal('interaction.updated', (e) =>
      this.interactionChanged(e.interactionId, e.campaignId, e.status, e.ownerAgentId),
    );
    b.onLocal('interaction.closed', (e) =>
      this.interactionChanged(e.interactionId, e.campaignId, 'closed', e.ownerAgentId, e.reason),
    );
    // Carries the supervisor's name, so only the agent who held the conversation and staff receive it (not
    // every member of the campaign, who get the plain inbox.changed).
    b.onLocal('interaction.taken_over', (e) =>
      this.publish(
        {
          type: 'interaction.taken_over',
          data: {
            interactionId: e.interactionId,
            campaignId: e.campaignId,
            byUserId: e.byUserId,
            byName: e.byName,
            at: e.at,
          },
        },
        { agentIds: e.fromAgentId ? [e.fromAgentId] : [], campaignMembers: null, staffCampaign: e.campaignId },
      ),
    );
    b.onLocal('message.stored', (e) =>
      this.publish(
        {
          type: 'message',
          data: { interactionId: e.interactionId, messageId: e.messageId, direction: e.direction, author: e.author },
        },
        { agentIds: e.ownerAgentId ? [e.ownerAgentId] : [], campaignMembers: null, staffCampaign: e.campaignId },
        e.ownerAgentId ? { interactionId: e.interactionId, agentId: e.ownerAgentId } : undefined,
      ),
    );
    b.onLocal('message.status', (e) => void this.messageStatus(e.interactionId, e.messageId, e.status, e.error));
    b.onLocal('message.updated', (e) => void this.messageUpdated(e.interactionId, e.messageId));
    b.onLocal('agent.status', (e) =>
      this.publish(
        { type: 'agent.status', data: { agentId: e.agentId, status: e.status, reason: e.reason, since: e.since } },
        { agentIds: [e.agentId], campaignMembers: null, staffCampaign: null },
      ),
    );
    // Phone presence is part of the agent's presence: the same event type, so monitors and the agent refetch.
    // Supervisors see it for the campaigns the agent is a member of (their monitoring rows show it).
    b.onLocal('agent.phone', (e) => {
      const body: LiveEventBody = { type: 'agent.status', data: { agentId: e.agentId, onCall: e.onCall, since: e.at } };
      const campaigns = [...this.membership].filter(([, agents]) => agents.has(e.agentId)).map(([id]) => id);
      if (campaigns.length === 0) campaigns.push('');
      campaigns.forEach((campaignId, i) =>
        this.publish(body, {
          agentIds: i === 0 ? [e.agentId] : [],
          campaignMembers: null,
          staffCampaign: campaignId || null,
        }),
      );
    });
  }

  async register(app: FastifyInstance, access: LiveAccess): Promise<void> {
    await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
    // An upgrade refused with an HTTP answer (401, 403) leaves the raw socket open; end it, or it lingers and
    // keeps the server from closing.
    app.addHook('onResponse', async (request, reply) => {
      if (request.headers.upgrade && reply.statusCode !== 101) request.raw.socket?.destroy();
    });
    const preValidation = async (request: FastifyRequest) => {
      // A page on another site could otherwise open a socket with the user's cookie and read their queue.
      const origin = request.headers.origin;
      if (origin !== undefined && !access.origins.allows(origin)) {
        throw new DomainError('forbidden', `The live channel does not accept connections from ${origin}`);
      }
      const user = requireUser(request);
      if (this.socketsOf(user.id) >= access.perUser) {
        throw new DomainError(
          'rate_limited',
          `At most ${access.perUser} live connections per user (SWITCHBOARD_WS_PER_USER); close another tab`,
        );
      }
    };
    app.get(
      routes.live.path,
      { websocket: true, ...routeOptions(routes.live), preValidation },
      async (socket, request) => {
        const epoch = this.rightsEpoch;
        const token = request.cookies[SESSION_COOKIE] ?? '';
        // Read again after the upgrade: the session may have ended between the handshake and now.
        const session = await this.sessions.lookup(token);
        if (!session) return socket.close(CLOSE_SESSION_ENDED, 'signed out');
        const { user } = session;
        const scope = viewerScope(user.role === 'supervisor' ? await this.users.scopeOf(user.id) : []);
        await this.membershipLoaded;
        const connection: Connection = {
          socket,
          token,
          tokenHash: hashToken(token),
          viewer: { id: user.id, role: user.role, scope },
          held: null,
          generation: 0,
          expiry: null,
        };
        const since = Number((request.query as { since?: string }).since);
        if (Number.isInteger(since) && since >= 0) {
          const missed = this.feed.replay(connection.viewer, since);
          if (missed === null)
            this.send(connection, { seq: this.feed.lastSeq, type: 'resync', at: this.now(), data: {} });
          else for (const e of missed) this.send(connection, e);
        } else {
          // A fresh client learns where the stream stands, so its first reconnect can resume from here.
          this.send(connection, { seq: this.feed.lastSeq, type: 'resync', at: this.now(), data: { fresh: true } });
        }
        this.connections.add(connection);
        socket.on('close', () => this.forget(connection));
        socket.on('error', () => this.forget(connection));
        // Two handshakes racing past the check above: the later one goes.
        if (this.socketsOf(user.id) > access.perUser) return this.end(connection, CLOSE_TOO_MANY, 'too many sockets');
        this.armExpiry(connection, session.expiresAt);
        // Anything that changed rights while this socket was being set up is applied now.
        if (this.rightsEpoch !== epoch) this.recheck(connection);
      },
    );
  }

  /** A supervisor's note: to the owning agent and the campaign's staff only — never to other members. */
  whisper(
    interactionId: string,
    agentId: string | null,
    campaignId: string | null,
    data: Omit<WhisperData, 'interactionId'>,
  ): void {
    this.publish(
      { type: 'whisper', data: { interactionId, ...data } },
      { agentIds: agentId ? [agentId] : [], campaignMembers: null, staffCampaign: campaignId },
    );
  }

  /**
   * Tells every socket to refetch: events may have been lost (the cluster's Redis restarted), and the browsers
   * cannot know which.
   */
  resyncAll(): void {
    for (const c of this.connections)
      this.send(c, { seq: this.feed.lastSeq, type: 'resync', at: this.now(), data: {} });
  }

  /** Sockets open now (the `switchboard_ws_sockets` gauge). */
  get socketCount(): number {
    return this.connections.size;
  }

  close(): void {
    for (const c of this.connections) {
      if (c.expiry) clearTimeout(c.expiry);
      c.socket.close(1001, 'server stopping');
    }
    this.connections.clear();
  }

  /**
   * Everything the channel sends goes through here or `send`, which accept only the live event union
   * (packages/protocol/src/live-events.ts). `toAgent`: the interaction's owner, whose socket receiving this
   * event ends its webhook-to-agent time.
   */
  private publish(body: LiveEventBody, audience: Audience, toAgent?: { interactionId: string; agentId: string }): void {
    this.relay.publish({ body, audience, at: this.now(), ...(toAgent ? { toAgent } : {}) });
  }

  /** Every node's sockets, in the relay's order, under the relay's sequence number. */
  private deliver(seq: number, { body, audience, at, toAgent }: LiveMessage): void {
    const event = this.feed.append(body, audience, at, seq);
    let reached = false;
    for (const c of this.connections) {
      if (c.held) c.held.push({ event, audience });
      else if (this.feed.sees(c.viewer, audience)) {
        this.send(c, event);
        if (toAgent && c.viewer.id === toAgent.agentId) reached = true;
      }
    }
    if (reached) this.receipts?.pushed(toAgent!.interactionId, this.now());
  }

  private socketsOf(userId: string): number {
    let n = 0;
    for (const c of this.connections) if (c.viewer.id === userId) n++;
    return n;
  }

  /**
   * Holds the socket's events and re-reads its session, role and scope (and campaign membership); then
   * either closes it or delivers what was held, filtered with the fresh rights.
   */
  private recheck(c: Connection): void {
    c.held ??= [];
    const generation = ++c.generation;
    void this.revalidate(c, generation).catch(() => this.end(c, 1011, 'could not re-check access'));
  }

  private async revalidate(c: Connection, generation: number): Promise<void> {
    const session = await this.sessions.lookup(c.token);
    if (!session) return this.end(c, CLOSE_SESSION_ENDED, 'session ended');
    // A new role means a different page and a different audience: the client reconnects and starts afresh.
    if (session.user.role !== c.viewer.role) return this.end(c, CLOSE_RIGHTS_CHANGED, 'role changed');
    const scope = session.user.role === 'supervisor' ? await this.users.scopeOf(session.user.id) : [];
    await this.membershipLoaded;
    if (generation !== c.generation || !this.connections.has(c)) return;
    c.viewer = { ...c.viewer, scope: viewerScope(scope) };
    const held = c.held ?? [];
    c.held = null;
    for (const h of held) if (this.feed.sees(c.viewer, h.audience)) this.send(c, h.event);
    this.armExpiry(c, session.expiresAt);
  }

  /** Closes the socket when its session ends (re-checked then, in case it was extended or shortened). */
  private armExpiry(c: Connection, expiresAt: number): void {
    if (c.expiry) clearTimeout(c.expiry);
    const wait = expiresAt - this.now();
    if (wait <= 0) return this.end(c, CLOSE_SESSION_ENDED, 'session expired');
    c.expiry = setTimeout(() => this.recheck(c), Math.min(wait, MAX_TIMER_MS));
    c.expiry.unref();
  }

  private end(c: Connection, code: number, reason: string): void {
    this.forget(c);
    c.socket.close(code, reason);
  }

  private forget(c: Connection): void {
    if (c.expiry) clearTimeout(c.expiry);
    c.expiry = null;
    c.held = null;
    this.connections.delete(c);
  }

  private send(c: Connection, event: LiveEvent): void {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(JSON.stringify(event));
  }

  private interactionChanged(
    interactionId: string,
    campaignId: string | null,
    status: string,
    ownerAgentId: string | null,
    reason?: string,
  ): void {
    const data = { interactionId, campaignId, status, ownerAgentId, ...(reason ? { reason } : {}) };
    if (status === 'closed') this.receipts?.forget(interactionId);
    // An offer or assignment reaching its agent is when a routed hand-off got to a person.
    const held = ownerAgentId && (status === 'offered' || status === 'active');
    // Agents refetch their inbox; staff update the monitor. Members see queue changes, owners their own.
    this.publish(
      { type: 'inbox.changed', data },
      {
        agentIds: ownerAgentId ? [ownerAgentId] : [],
        campaignMembers: campaignId,
        staffCampaign: undefined,
      },
      held ? { interactionId, agentId: ownerAgentId } : undefined,
    );
    this.publish(
      { type: 'interaction.changed', data },
      { agentIds: [], campaignMembers: null, staffCampaign: campaignId },
    );
  }

  private async messageStatus(interactionId: string, messageId: string, status: string, error?: string): Promise<void> {
    const row = await this.db
      .selectFrom('interactions')
      .select(['campaign_id', 'owner_agent_id'])
      .where('id', '=', interactionId)
      .executeTakeFirst();
    if (!row) return;
    this.publish(
      { type: 'message.status', data: { interactionId, messageId, status, ...(error ? { error } : {}) } },
      {
        agentIds: row.owner_agent_id ? [row.owner_agent_id] : [],
        campaignMembers: null,
        staffCampaign: row.campaign_id,
      },
    );
  }

  /** A message whose content changed (media downloaded): the same `message` event, so views refetch it. */
  private async messageUpdated(interactionId: string, messageId: string): Promise<void> {
    const row = await this.db
      .selectFrom('interactions')
      .select(['campaign_id', 'owner_agent_id'])
      .where('id', '=', interactionId)
      .executeTakeFirst();
    if (!row) return;
    this.publish(
      { type: 'message', data: { interactionId, messageId, direction: 'in', author: 'customer', updated: true } },
      {
        agentIds: row.owner_agent_id ? [row.owner_agent_id] : [],
        campaignMembers: null,
        staffCampaign: row.campaign_id,
      },
    );
  }

  private reloadMembership(): Promise<void> {
    const loading = this.membershipLoaded.then(() => this.loadMembership());
    this.membershipLoaded = loading.catch(() => undefined);
    return loading;
  }

  private async loadMembership(): Promise<void> {
    const rows = await this.db.selectFrom('members').select(['campaign_id', 'agent_id']).execute();
    this.membership.clear();
    for (const r of rows) {
      let set = this.membership.get(r.campaign_id);
      if (!set) this.membership.set(r.campaign_id, (set = new Set()));
      set.add(r.agent_id);
    }
  }
}

/** A supervisor's scope as the feed checks it: undefined from the user service means every campaign. */
function viewerScope(campaignIds: readonly string[] | undefined): Viewer['scope'] {
  return campaignIds === undefined ? 'all' : new Set(campaignIds);
}
