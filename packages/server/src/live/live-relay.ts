import type { LiveEventBody } from '@switchboard/protocol';
import type { Audience } from './live-feed';

/** A live event on its way to every node's sockets, before it has its sequence number. */
export interface LiveMessage {
  body: LiveEventBody;
  audience: Audience;
  at: number;
  /** The interaction's owner, whose socket receiving this ends its webhook-to-agent time. */
  toAgent?: { interactionId: string; agentId: string };
}

export type LiveDelivery = (seq: number, message: LiveMessage) => void;

/**
 * How the live channel's events reach sockets: on one node straight away, numbered here; with several nodes
 * through a shared stream that numbers them once for the whole cluster, so a browser may resume on any node.
 */
export interface LiveRelay {
  publish(message: LiveMessage): void;
  /** Every node's gateway hears every event, in the one order, with its sequence number. */
  onDeliver(deliver: LiveDelivery): void;
}

/** One process: numbered 1, 2, 3… and delivered before `publish` returns. */
export class LocalLiveRelay implements LiveRelay {
  private seq = 0;
  private deliver: LiveDelivery = () => undefined;

  publish(message: LiveMessage): void {
    this.deliver(++this.seq, message);
  }

  onDeliver(deliver: LiveDelivery): void {
    this.deliver = deliver;
  }
}
