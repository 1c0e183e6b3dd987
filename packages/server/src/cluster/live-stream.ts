import type { LiveDelivery, LiveMessage, LiveRelay } from '../live/live-relay';
import { appendEntry, StreamReader, type StreamDeps } from './redis-streams';

/**
 * The live channel across nodes: the node where something happened appends the event once; every node reads
 * the stream in order and delivers to its own sockets under the stream's sequence number, which is the same
 * on every node.
 */
export class StreamLiveRelay implements LiveRelay {
  private readonly reader: StreamReader;
  private deliver: LiveDelivery = () => undefined;

  constructor(
    private readonly deps: StreamDeps & {
      reconnected: () => void;
    },
  ) {
    this.reader = new StreamReader({
      url: deps.redisUrl,
      stream: `${deps.prefix}:live`,
      name: `switchboard-live-${deps.nodeId}`,
      from: '$',
      handle: (seq, data) => this.deliver(seq, JSON.parse(data) as LiveMessage),
      reconnected: deps.reconnected,
      onError: (error) => deps.logger.warn({ err: error }, 'reading the live stream failed; retrying'),
    });
  }

  start(): Promise<void> {
    return this.reader.start();
  }

  stop(): Promise<void> {
    return this.reader.stop();
  }

  publish(message: LiveMessage): void {
    appendEntry(this.deps.publisher, `${this.deps.prefix}:live`, JSON.stringify(message), 20_000).catch(
      (error: unknown) =>
        this.deps.logger.error({ err: error, type: message.body.type }, 'a live event could not be published'),
    );
  }

  onDeliver(deliver: LiveDelivery): void {
    this.deliver = deliver;
  }
}
