import fastifyWebsocket from '@fastify/websocket';
import type { LiveEvent, LiveEventType } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import { requireUser } from '../http/access';
import type { DomainBus } from '../events/domain-events';
import type { UserService } from '../accounts/user-service';
import type { Tables } from '../storage/schema';
import { LiveFeed, type Audience, type Viewer } from './live-feed';

interface Connection {
  socket: WebSocket;
  viewer: Viewer;
}

/**
 * Pushes domain events to the browsers that may see them (architecture §3): each agent its inbox, members of
 * a campaign its queue, supervisors their campaigns. Sequence numbers let a reconnecting client catch up.
 */
export class LiveGateway {
  private readonly connections = new Set<Connection>();
  private readonly membership = new Map<string, Set<string>>();
  readonly feed: LiveFeed;

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly bus: DomainBus,
    private readonly users: UserService,
    private readonly now: () => number = Date.now,
  ) {
    this.feed = new LiveFeed(10_000, (campaignId) => this.membership.get(campaignId) ?? new Set());
  }

  async start(): Promise<void> {
    await this.loadMembership();
    const b = this.bus;
    b.on('configuration.changed', (e) => {
      void this.loadMembership();
      // Thresholds and members change what every staff monitor shows, not only the page that saved them.
      for (const campaignId of e.campaignIds)
        this.publish(
          'campaign.changed',
          { campaignId },
          { agentIds: [], campaignMembers: null, staffCampaign: campaignId },
        );
    });
    b.on('interaction.updated', (e) =>
      this.interactionChanged(e.interactionId, e.campaignId, e.status, e.ownerAgentId),
    );
    b.on('interaction.closed', (e) =>
      this.interactionChanged(e.interactionId, e.campaignId, 'closed', e.ownerAgentId, e.reason),
    );
    b.on('message.stored', (e) =>
      this.publish(
        'message',
        { interactionId: e.interactionId, messageId: e.messageId, direction: e.direction, author: e.author },
        { agentIds: e.ownerAgentId ? [e.ownerAgentId] : [], campaignMembers: null, staffCampaign: e.campaignId },
      ),
    );
    b.on('message.status', (e) => void this.messageStatus(e.interactionId, e.messageId, e.status, e.error));
    b.on('agent.status', (e) =>
      this.publish(
        'agent.status',
        { agentId: e.agentId, status: e.status, reason: e.reason, since: e.since },
        { agentIds: [e.agentId], campaignMembers: null, staffCampaign: null },
      ),
    );
  }

  async register(app: FastifyInstance): Promise<void> {
    await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
    // An upgrade refused with an HTTP answer (401, 403) leaves the raw socket open; end it, or it lingers and
    // keeps the server from closing.
    app.addHook('onResponse', async (request, reply) => {
      if (request.headers.upgrade && reply.statusCode !== 101) request.raw.socket?.destroy();
    });
    app.get('/ws', { websocket: true, config: { access: 'authenticated' } }, async (socket, request) => {
      const user = requireUser(request);
      const scope = new Set(user.role === 'supervisor' ? await this.users.scopeOf(user.id) : []);
      const connection: Connection = { socket, viewer: { id: user.id, role: user.role, scope } };
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
      socket.on('close', () => this.connections.delete(connection));
      socket.on('error', () => this.connections.delete(connection));
    });
  }

  /** A supervisor's note (D7): to the owning agent and the campaign's staff only — never to other members. */
  whisper(
    interactionId: string,
    agentId: string | null,
    campaignId: string | null,
    data: Record<string, unknown>,
  ): void {
    this.publish(
      'whisper',
      { interactionId, ...data },
      { agentIds: agentId ? [agentId] : [], campaignMembers: null, staffCampaign: campaignId },
    );
  }

  close(): void {
    for (const c of this.connections) c.socket.close(1001, 'server stopping');
    this.connections.clear();
  }

  private publish(type: LiveEventType, data: Record<string, unknown>, audience: Audience): void {
    const event = this.feed.append(type, data, audience, this.now());
    for (const c of this.connections) if (this.feed.sees(c.viewer, audience)) this.send(c, event);
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
    // Agents refetch their inbox; staff update the monitor. Members see queue changes, owners their own.
    this.publish('inbox.changed', data, {
      agentIds: ownerAgentId ? [ownerAgentId] : [],
      campaignMembers: campaignId,
      staffCampaign: undefined,
    });
    this.publish('interaction.changed', data, { agentIds: [], campaignMembers: null, staffCampaign: campaignId });
  }

  private async messageStatus(interactionId: string, messageId: string, status: string, error?: string): Promise<void> {
    const row = await this.db
      .selectFrom('interactions')
      .select(['campaign_id', 'owner_agent_id'])
      .where('id', '=', interactionId)
      .executeTakeFirst();
    if (!row) return;
    this.publish(
      'message.status',
      { interactionId, messageId, status, ...(error ? { error } : {}) },
      {
        agentIds: row.owner_agent_id ? [row.owner_agent_id] : [],
        campaignMembers: null,
        staffCampaign: row.campaign_id,
      },
    );
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
