import type { AgentStatusName } from '@switchboard/protocol';

/**
 * The domain events that flow after a durable write (docs/adr/0008-one-writer-for-interactions.md). Ingest emits what
 * arrived, the router emits what it decided, the agent API emits what agents did; the live channel and the router
 * listen. Every payload is small and serialisable so the same events can cross nodes over Redis.
 */
export interface DomainEvents {
  /**
   * A hand-off was stored; the router decides whether it queues or is refused at the door (no campaign takes it:
   * `campaignId` null; its campaign disabled or out of schedule; the queue full).
   */
  'interaction.arrived': { interactionId: string; campaignId: string | null; enteredAt: number };
  /** The interaction left the queue without an agent (queue full, timeout, out of schedule, unrouted, disabled). */
  'interaction.closed': {
    interactionId: string;
    campaignId: string | null;
    reason: string;
    ownerAgentId: string | null;
  };
  /** Owner or status changed (offered, taken, transferred, returned). */
  'interaction.updated': {
    interactionId: string;
    campaignId: string | null;
    status: string;
    ownerAgentId: string | null;
  };
  /** A supervisor became the owner of an active conversation; `fromAgentId` held it until then. */
  'interaction.taken_over': {
    interactionId: string;
    campaignId: string | null;
    fromAgentId: string | null;
    byUserId: string;
    byName: string;
    at: number;
  };
  /** The provider said the customer left, while waiting or talking (recorded; the router closes it). */
  'customer.left': { interactionId: string; campaignId: string | null };
  /** A message was stored (either direction, or an internal whisper). */
  'message.stored': {
    interactionId: string;
    messageId: string;
    campaignId: string | null;
    ownerAgentId: string | null;
    direction: string;
    author: string;
  };
  /** A stored message's content changed (a customer's media finished downloading, or failed for good). */
  'message.updated': { interactionId: string; messageId: string };
  /** An outbound message's delivery status moved (sent, delivered, read, failed). */
  'message.status': { interactionId: string; messageId: string; status: string; error?: string };
  /** An agent's presence changed. */
  'agent.status': { agentId: string; status: AgentStatusName; reason: string | null; since: number };
  /** The phone system (or the agent) said the agent started or ended a telephone call. */
  'agent.phone': { agentId: string; onCall: boolean; at: number };
  /** Campaign or membership configuration changed: the router reloads that campaign. */
  'configuration.changed': { campaignIds: string[] };
  /** Sessions were deleted (sign-out, password reset): one by its token hash, or all of a user's (null). */
  'session.ended': { tokenHash: string | null; userId: string | null };
  /** A customer answered the satisfaction question of a closed interaction (1–5). */
  'survey.answered': {
    interactionId: string;
    campaignId: string | null;
    agentId: string | null;
    score: number;
    at: number;
  };
  /** A user's role, enabled flag or campaign scope may have changed: whatever was decided from them is stale. */
  'user.changed': { userId: string };
}

export type DomainEventName = keyof DomainEvents;
export type DomainEvent = { [K in DomainEventName]: { type: K; payload: DomainEvents[K] } }[DomainEventName];
type Listener<K extends DomainEventName> = (payload: DomainEvents[K]) => void;

/** In-process fan-out. Listeners run synchronously and must not throw; a failing listener is reported, not fatal. */
export class DomainBus {
  private readonly listeners = new Map<DomainEventName, Set<Listener<never>>>();
  private readonly any = new Set<(event: DomainEvent) => void>();

  constructor(private readonly onListenerError: (error: unknown, event: DomainEventName) => void = () => undefined) {}

  on<K extends DomainEventName>(type: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  onAny(listener: (event: DomainEvent) => void): () => void {
    this.any.add(listener);
    return () => this.any.delete(listener);
  }

  emit<K extends DomainEventName>(type: K, payload: DomainEvents[K]): void {
    for (const l of this.listeners.get(type) ?? []) {
      try {
        (l as Listener<K>)(payload);
      } catch (error) {
        this.onListenerError(error, type);
      }
    }
    for (const l of this.any) {
      try {
        l({ type, payload } as DomainEvent);
      } catch (error) {
        this.onListenerError(error, type);
      }
    }
  }
}
