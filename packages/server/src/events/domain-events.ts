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

/**
 * Fan-out of domain events. Listeners run synchronously and must not throw; a failing listener is reported, not
 * fatal. With several nodes (docs/adr/0012-several-nodes.md) a forwarder carries every event this node emits to
 * the others, which `receive` it: `on` and `onAny` listeners hear the events of every node, `onLocal` listeners only
 * the events emitted here — for work that must happen once in the cluster (recording CRM deliveries, turning an
 * event into live messages, which then travel on their own stream).
 */
export class DomainBus {
  private readonly listeners = new Map<DomainEventName, Set<Listener<never>>>();
  private readonly localListeners = new Map<DomainEventName, Set<Listener<never>>>();
  private readonly any = new Set<(event: DomainEvent) => void>();
  private forward: ((event: DomainEvent) => void) | null = null;

  constructor(private readonly onListenerError: (error: unknown, event: DomainEventName) => void = () => undefined) {}

  on<K extends DomainEventName>(type: K, listener: Listener<K>): () => void {
    return subscribe(this.listeners, type, listener);
  }

  /** Hears only the events emitted on this node (each event is emitted on exactly one node). */
  onLocal<K extends DomainEventName>(type: K, listener: Listener<K>): () => void {
    return subscribe(this.localListeners, type, listener);
  }

  onAny(listener: (event: DomainEvent) => void): () => void {
    this.any.add(listener);
    return () => this.any.delete(listener);
  }

  /** Where this node's events go besides its own listeners (the cluster's event stream); one forwarder. */
  forwardTo(forward: ((event: DomainEvent) => void) | null): void {
    this.forward = forward;
  }

  emit<K extends DomainEventName>(type: K, payload: DomainEvents[K]): void {
    const event = { type, payload } as DomainEvent;
    this.dispatch(this.localListeners, event);
    this.dispatch(this.listeners, event);
    this.forward?.(event);
  }

  /** An event another node emitted: heard by `on` and `onAny` listeners, never by `onLocal` ones. */
  receive(event: DomainEvent): void {
    this.dispatch(this.listeners, event);
  }

  private dispatch(listeners: Map<DomainEventName, Set<Listener<never>>>, event: DomainEvent): void {
    for (const l of listeners.get(event.type) ?? []) {
      try {
        (l as (payload: unknown) => void)(event.payload);
      } catch (error) {
        this.onListenerError(error, event.type);
      }
    }
    if (listeners !== this.listeners) return;
    for (const l of this.any) {
      try {
        l(event);
      } catch (error) {
        this.onListenerError(error, event.type);
      }
    }
  }
}

function subscribe<K extends DomainEventName>(
  map: Map<DomainEventName, Set<Listener<never>>>,
  type: K,
  listener: Listener<K>,
): () => void {
  let set = map.get(type);
  if (!set) map.set(type, (set = new Set()));
  set.add(listener as Listener<never>);
  return () => set.delete(listener as Listener<never>);
}
