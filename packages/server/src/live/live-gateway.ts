import fastifyWebsocket from '@fastify/websocket';
import type { LiveEvent, LiveEventBody, WhisperData } from '@switchboard/protocol';
import { routes } from '@switchboard/protocol';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
import { AudienceIndex } from './audience-index';
import { LiveFeed, type Audience, type Viewer } from './live-feed';
import { LocalLiveRelay, type LiveMessage, type LiveRelay } from './live-relay';

/** One signed-in session and its sockets (a user's tabs share it): the token is kept once, not per socket. */
interface Session {
  token: string;
  tokenHash: string;
  /** When it ends, as last read; Infinity while its sockets are being re-checked. */
  expiresAt: number;
  connections: Set<Connection>;
}

interface Connection {
  socket: WebSocket;
  session: Session;
  viewer: Viewer;
  /** The audience index's de-duplication mark. */
  visit: number;
  /**
   * Non-null while the viewer's rights are being re-read: events after this sequence number are not sent
   * but replayed from the feed with the fresh rights once they are known, so nothing goes out on rights
   * that were just taken away.
   */
  heldAfter: number | null;
  /** Bumped by each re-check; only the latest one may release what was held. */
  generation: number;
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

// Event frames are JSON text: a Buffer is sent as a binary frame unless told otherwise.
const TEXT = { binary: false } as const;

/**
 * Pushes domain events to the browsers that may see them (docs/adr/0010-live-events-contract.md): each agent its inbox,
 * members of a campaign its queue, supervisors their campaigns. Sequence numbers let a reconnecting client catch up. A
 * socket lives only as long as its session and its user's rights: sign-out, disabling, a role change and session expiry
 * close it; a scope or membership change is applied before the next event is delivered.
 */
export class LiveGateway {
  private readonly connections = new Set<Connection>();
  /** Who may be in an event's audience: an event costs O(its audience), not O(every socket). */
  private readonly audiences = new AudienceIndex<Connection>();
  /** Open sockets' sessions by token hash. */
  private readonly sessionsByHash = new Map<string, Session>();
  /** One timer for every session's end, armed for the soonest (a timer per socket cost memory per socket). */
  private expiryTimer: ReturnType<typeof setTimeout> | null = null;
  private expiryAt = Infinity;
  private readonly membership = new Map<string, Set<string>>();
  private readonly membersOf = (campaignId: string): ReadonlySet<string> =>
    this.membership.get(campaignId) ?? NO_CAMPAIGNS;
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
    this.feed = new LiveFeed(10_000, this.membersOf);
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
      const ended = [
        ...(e.tokenHash !== null ? (this.sessionsByHash.get(e.tokenHash)?.connections ?? []) : []),
        ...(e.userId !== null ? this.audiences.ofUser(e.userId) : []),
      ];
      for (const c of ended) this.end(c, CLOSE_SESSION_ENDED, 'signed out');
    });
    b.on('user.changed', (e) => {
      this.rightsEpoch++;
      for (const c of this.audiences.ofUser(e.userId)) this.recheck(c);
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
    // Each handshake's HTTP response, to let go of it once its socket is set up (see `releaseHandshake`).
    const responses = new WeakMap<IncomingMessage, ServerResponse>();
    const preValidation = async (request: FastifyRequest, reply: FastifyReply) => {
      responses.set(request.raw, reply.raw);
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
        // Gone while it was being set up: its close event has passed, so it must not be kept.
        if (socket.readyState !== socket.OPEN) return;
        const tokenHash = hashToken(token);
        let shared = this.sessionsByHash.get(tokenHash);
        if (!shared) {
          shared = { token, tokenHash, expiresAt: session.expiresAt, connections: new Set() };
          this.sessionsByHash.set(tokenHash, shared);
        }
        const connection: Connection = {
          socket,
          session: shared,
          viewer: { id: user.id, role: user.role, scope },
          visit: 0,
          heldAfter: null,
          generation: 0,
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
        this.audiences.add(connection);
        shared.connections.add(connection);
        const forget = () => this.forget(connection);
        socket.on('close', forget);
        releaseHandshake(socket, request.raw, responses.get(request.raw), app.log, forget);
        // Two handshakes racing past the check above: the later one goes.
        if (this.socketsOf(user.id) > access.perUser) return this.end(connection, CLOSE_TOO_MANY, 'too many sockets');
        this.expireAt(connection, session.expiresAt);
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
    const frame = serialise({ seq: this.feed.lastSeq, type: 'resync', at: this.now(), data: {} });
    for (const c of this.connections) this.sendFrame(c, frame);
  }

  /** Sockets open now (the `switchboard_ws_sockets` gauge). */
  get socketCount(): number {
    return this.connections.size;
  }

  /** What the gateway keeps for its sockets, in entries: all 0 once every socket has gone (nothing leaks). */
  get footprint(): { sockets: number; audienceEntries: number; audienceKeys: number; sessions: number } {
    return {
      sockets: this.connections.size,
      audienceEntries: this.audiences.filed,
      audienceKeys: this.audiences.keys,
      sessions: this.sessionsByHash.size,
    };
  }

  close(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    this.expiryAt = Infinity;
    for (const c of [...this.connections]) {
      this.forget(c);
      c.socket.close(1001, 'server stopping');
    }
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
    // Serialised once, on the first socket that gets it: every socket is sent the same bytes.
    let frame: Buffer | null = null;
    let reached = false;
    // The index narrows; `sees` decides. Held sockets get the event from the feed when they are released.
    this.audiences.forEachCandidate(audience, this.membersOf, (c) => {
      if (c.heldAfter !== null || !this.feed.sees(c.viewer, audience)) return;
      this.sendFrame(c, (frame ??= serialise(event)));
      if (toAgent && c.viewer.id === toAgent.agentId) reached = true;
    });
    if (reached) this.receipts?.pushed(toAgent!.interactionId, this.now());
  }

  private socketsOf(userId: string): number {
    return this.audiences.ofUser(userId).size;
  }

  /**
   * Holds the socket's events and re-reads its session, role and scope (and campaign membership); then
   * either closes it or delivers what was held, filtered with the fresh rights.
   */
  private recheck(c: Connection): void {
    c.heldAfter ??= this.feed.lastSeq;
    const generation = ++c.generation;
    void this.revalidate(c, generation).catch(() => this.end(c, 1011, 'could not re-check access'));
  }

  private async revalidate(c: Connection, generation: number): Promise<void> {
    const session = await this.sessions.lookup(c.session.token);
    if (!session) return this.end(c, CLOSE_SESSION_ENDED, 'session ended');
    // A new role means a different page and a different audience: the client reconnects and starts afresh.
    if (session.user.role !== c.viewer.role) return this.end(c, CLOSE_RIGHTS_CHANGED, 'role changed');
    const scope = session.user.role === 'supervisor' ? await this.users.scopeOf(session.user.id) : [];
    await this.membershipLoaded;
    if (generation !== c.generation || !this.connections.has(c)) return;
    const previous = c.viewer;
    c.viewer = { ...previous, scope: viewerScope(scope) };
    this.audiences.update(c, previous);
    const since = c.heldAfter ?? this.feed.lastSeq;
    c.heldAfter = null;
    const missed = this.feed.after(c.viewer, since);
    // Held longer than the feed reaches back: the client refetches everything instead.
    if (missed === null) this.send(c, { seq: this.feed.lastSeq, type: 'resync', at: this.now(), data: {} });
    else for (const e of missed) this.send(c, e);
    this.expireAt(c, session.expiresAt);
  }

  /**
   * Closes the socket when its session ends (re-checked then, in case it was extended or shortened). Every
   * session shares one timer, armed for the soonest end.
   */
  private expireAt(c: Connection, expiresAt: number): void {
    if (expiresAt <= this.now()) return this.end(c, CLOSE_SESSION_ENDED, 'session expired');
    c.session.expiresAt = expiresAt;
    if (expiresAt < this.expiryAt) this.armExpiry(expiresAt);
  }

  private armExpiry(at: number): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryAt = at;
    this.expiryTimer = setTimeout(() => this.expireSessions(), Math.min(Math.max(at - this.now(), 0), MAX_TIMER_MS));
    this.expiryTimer.unref();
  }

  /** Re-checks the sockets of every session that has reached its end, and arms the timer for the next one. */
  private expireSessions(): void {
    this.expiryTimer = null;
    this.expiryAt = Infinity;
    const now = this.now();
    let next = Infinity;
    for (const s of this.sessionsByHash.values()) {
      if (s.expiresAt <= now) {
        // Each re-check sets it again from what the session store says now.
        s.expiresAt = Infinity;
        for (const c of s.connections) this.recheck(c);
      } else next = Math.min(next, s.expiresAt);
    }
    if (next < Infinity) this.armExpiry(next);
  }

  private end(c: Connection, code: number, reason: string): void {
    this.forget(c);
    c.socket.close(code, reason);
  }

  private forget(c: Connection): void {
    if (!this.connections.delete(c)) return;
    c.heldAfter = null;
    this.audiences.remove(c);
    const { session } = c;
    session.connections.delete(c);
    if (session.connections.size === 0) this.sessionsByHash.delete(session.tokenHash);
  }

  private send(c: Connection, event: LiveEvent): void {
    this.sendFrame(c, serialise(event));
  }

  private sendFrame(c: Connection, frame: Buffer): void {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(frame, TEXT);
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

const NO_CAMPAIGNS: ReadonlySet<string> = new Set();

/**
 * Lets go of the handshake's HTTP request and response, which would otherwise live as long as the socket (about
 * 5 KiB a socket: headers, fastify's request and reply, a logger): the raw socket keeps the upgrade's response,
 * and @fastify/websocket's error listener keeps fastify's request and reply. That listener is replaced by one that
 * does what its default does (log, terminate) without them; ws always follows an error with close, but the socket
 * is forgotten at once.
 */
function releaseHandshake(
  socket: WebSocket,
  request: IncomingMessage,
  response: ServerResponse | undefined,
  log: FastifyBaseLogger,
  forget: () => void,
): void {
  response?.detachSocket(request.socket);
  socket.removeAllListeners('error');
  socket.on('error', (error) => {
    forget();
    log.error({ err: error }, 'live socket failed');
    socket.terminate();
  });
}

/**
 * A supervisor's scope as the feed checks it: undefined from the user service means every campaign. Agents and
 * administrators share one empty set rather than holding one each.
 */
function viewerScope(campaignIds: readonly string[] | undefined): Viewer['scope'] {
  if (campaignIds === undefined) return 'all';
  return campaignIds.length === 0 ? NO_CAMPAIGNS : new Set(campaignIds);
}

/** One event's bytes on the wire: a Buffer, so ws does not encode the same string again for every socket. */
function serialise(event: LiveEvent): Buffer {
  return Buffer.from(JSON.stringify(event));
}
