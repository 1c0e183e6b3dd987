import { erlangCExpectedWait } from './erlang-c';

/** What the estimate needs from the recent past of one campaign. */
export interface QueueStats {
  /** λ: arrivals per second over the sliding window. */
  arrivalsPerSecond: number;
  /** Mean handling time of recent closes, in seconds; null when nothing closed in the window. */
  ahtSeconds: number | null;
  /** Agents able to take work (not offline, not paused) × the campaign's per-agent cap. */
  slots: number;
}

export interface StatsInput {
  /** Interactions that entered the campaign during the window. */
  arrivals: number;
  windowSeconds: number;
  /** Handling times (seconds, taken to closed) of the interactions closed during the window. */
  handlingSeconds: readonly number[];
  agentsServing: number;
  perAgentCap: number;
}

export function queueStats(input: StatsInput): QueueStats {
  const handled = input.handlingSeconds.filter((s) => Number.isFinite(s) && s >= 0);
  return {
    arrivalsPerSecond: input.windowSeconds > 0 ? input.arrivals / input.windowSeconds : 0,
    ahtSeconds: handled.length > 0 ? handled.reduce((sum, s) => sum + s, 0) / handled.length : null,
    slots: Math.max(0, input.agentsServing) * Math.max(0, input.perAgentCap),
  };
}

/**
 * Expected wait, in seconds, of the interaction at 1-based `position` of a FIFO queue.
 *
 * Position known: while anybody waits, every slot is busy (otherwise routing would have assigned), so the
 * interaction at position p leaves the queue at the p-th completion among `slots` busy slots. With
 * exponential handling times completions come at rate slots ÷ AHT, so the expected wait is p × AHT ÷ slots.
 * Arrivals behind p do not matter in FIFO, which is why λ is not in this branch.
 *
 * Position unknown (null): the Erlang-C expected wait of a random arrival, C(c, λ·AHT) × AHT ÷ (c − λ·AHT).
 *
 * Null when there is nothing to base an estimate on: no serving slots, or no recent close to measure AHT.
 */
export function estimateWait(stats: QueueStats, position: number | null): number | null {
  if (stats.slots < 1 || stats.ahtSeconds === null || !(stats.ahtSeconds > 0)) return null;
  if (position === null)
    return erlangCExpectedWait({
      arrivalsPerSecond: stats.arrivalsPerSecond,
      ahtSeconds: stats.ahtSeconds,
      servers: stats.slots,
    });
  return (Math.max(1, position) * stats.ahtSeconds) / Math.floor(stats.slots);
}

/** The words of an {eta}, in each language a campaign can speak to its customers. */
const ETA_WORDS = {
  en: { unknown: 'unknown', underOne: 'less than a minute', one: '1 minute', many: (n: number) => `${n} minutes` },
  es: { unknown: 'desconocida', underOne: 'menos de un minuto', one: '1 minuto', many: (n: number) => `${n} minutos` },
  pt: { unknown: 'desconhecida', underOne: 'menos de um minuto', one: '1 minuto', many: (n: number) => `${n} minutos` },
} as const;
export type EtaLanguage = keyof typeof ETA_WORDS;

/** The {eta} of a customer text in the campaign's language: whole minutes, "less than a minute" below one. */
export function formatEta(seconds: number | null, language: EtaLanguage = 'en'): string {
  const words = ETA_WORDS[language];
  if (seconds === null || !Number.isFinite(seconds)) return words.unknown;
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return words.underOne;
  return minutes === 1 ? words.one : words.many(minutes);
}

/** Replaces every {position} and {eta} of a template. */
export function renderQueueMessage(
  template: string,
  position: number,
  etaSeconds: number | null,
  language: EtaLanguage = 'en',
): string {
  return template.replaceAll('{position}', String(position)).replaceAll('{eta}', formatEta(etaSeconds, language));
}
