import type { DomainBus, DomainEvent } from '../events/domain-events';
import { appendEntry, StreamReader, type StreamDeps } from './redis-streams';

interface Carried {
  /** the node that emitted it */
  o: string;
  e: DomainEvent;
}

/**
 * Carries domain events between nodes on a Redis Stream: what this node emits is appended (and heard here at
 * once, as on one node); what other nodes appended is read in order and handed to the bus's `receive`. A
 * stream, not pub/sub, so a node whose connection blipped reads on from its last entry instead of losing
 * what was sent meanwhile.
 */
export class ClusterBus {
  private readonly reader: StreamReader;

  constructor(
    private readonly deps: StreamDeps & {
      bus: DomainBus;
      /** After Redis came back from a drop: events may have been lost, so whoever keeps state rebuilds it. */
      reconnected: () => void;
    },
  ) {
    this.reader = new StreamReader({
      url: deps.redisUrl,
      stream: `${deps.prefix}:events`,
      name: `switchboard-events-${deps.nodeId}`,
      from: '$',
      handle: (_seq, data) => this.received(data),
      reconnected: deps.reconnected,
      onError: (error) => deps.logger.warn({ err: error }, 'reading the cluster event stream failed; retrying'),
    });
  }

  async start(): Promise<void> {
    await this.reader.start();
    this.deps.bus.forwardTo((event) => {
      const carried: Carried = { o: this.deps.nodeId, e: event };
      appendEntry(this.deps.publisher, `${this.deps.prefix}:events`, JSON.stringify(carried)).catch((error: unknown) =>
        this.deps.logger.error({ err: error, event: event.type }, 'a domain event could not reach the other nodes'),
      );
    });
  }

  async stop(): Promise<void> {
    this.deps.bus.forwardTo(null);
    await this.reader.stop();
  }

  private received(data: string): void {
    const carried = JSON.parse(data) as Carried;
    if (carried.o === this.deps.nodeId) return;
    this.deps.bus.receive(carried.e);
  }
}
