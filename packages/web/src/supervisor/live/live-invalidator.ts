import type { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '@switchboard/protocol';
import { supervisorKeys } from '../api/keys';

/** Events that change a campaign's figures; message traffic alone does not. */
const MONITORING_EVENTS = new Set<LiveEvent['type']>([
  'interaction.changed',
  'agent.status',
  'inbox.changed',
  'campaign.changed',
  'satisfaction.answered',
]);
/** Events that change what an open transcript shows. */
const TRANSCRIPT_EVENTS = new Set<LiveEvent['type']>([
  'interaction.changed',
  'message',
  'message.status',
  'whisper',
  'satisfaction.answered',
]);

export interface LiveInvalidatorOptions {
  delay?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Turns the supervisor's live events into refetches. A busy campaign emits many events a second, so
 * they are coalesced: the first one schedules a single refetch `delay` ms later and the ones arriving
 * meanwhile join it. Unlike a trailing debounce this cannot be postponed forever by a steady stream.
 */
export class LiveInvalidator {
  private timer: unknown = null;
  private monitoring = false;
  private readonly interactions = new Set<string>();
  private readonly delay: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(
    private readonly client: QueryClient,
    options: LiveInvalidatorOptions = {},
  ) {
    this.delay = options.delay ?? 300;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  }

  handle(event: LiveEvent): void {
    if (event.type === 'resync') {
      this.refetchEverything();
      return;
    }
    if (MONITORING_EVENTS.has(event.type)) this.monitoring = true;
    if (TRANSCRIPT_EVENTS.has(event.type) && 'interactionId' in event.data) {
      this.interactions.add(event.data.interactionId);
    }
    if (this.timer === null && (this.monitoring || this.interactions.size > 0)) {
      this.timer = this.setTimer(() => this.flush(), this.delay);
    }
  }

  /** After a gap nothing is known about what happened: refetch whatever is on screen. */
  refetchEverything(): void {
    this.cancel();
    void this.client.invalidateQueries({ queryKey: supervisorKeys.all });
  }

  dispose(): void {
    this.cancel();
  }

  private flush(): void {
    this.timer = null;
    if (this.monitoring) void this.client.invalidateQueries({ queryKey: supervisorKeys.monitoring });
    for (const id of this.interactions)
      void this.client.invalidateQueries({ queryKey: supervisorKeys.interaction(id) });
    this.monitoring = false;
    this.interactions.clear();
  }

  private cancel(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.monitoring = false;
    this.interactions.clear();
  }
}
