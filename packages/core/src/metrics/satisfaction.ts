import { localDay } from '../schedule/local-day';

/** One customer's answer to the satisfaction question: 1–5 for the campaign and the person who closed. */
export interface Rating {
  interactionId: string;
  campaignId: string | null;
  agentId: string | null;
  score: number;
  at: number;
}

/** The average score (one decimal is what people read) and how many answers it rests on. */
export interface Satisfaction {
  average: number | null;
  count: number;
}

/** Answers older than this are never read: "today" and "last hours" both fall inside it. */
const KEPT_MS = 48 * 3600_000;

export function satisfactionOf(scores: Iterable<number>): Satisfaction {
  let sum = 0;
  let count = 0;
  for (const s of scores) {
    sum += s;
    count++;
  }
  return { average: count === 0 ? null : Math.round((sum / count) * 100) / 100, count };
}

/**
 * The recent answers in memory, for monitoring: a few per closed conversation at most, so a list filtered on
 * read is enough. Each answer counts once, however often it is added (redelivered event, rebuild overlap).
 */
export class SatisfactionLedger {
  private readonly ratings = new Map<string, Rating>();

  add(rating: Rating, now: number): void {
    if (rating.at < now - KEPT_MS) return;
    this.ratings.set(rating.interactionId, rating);
    if (this.ratings.size % 256 === 0) this.prune(now);
  }

  /** Today in `timeZone` and the last `recentHours`, for a campaign or, given `agentId`, one person in it. */
  figures(
    campaignId: string,
    timeZone: string,
    now: number,
    recentHours: number,
    agentId?: string,
  ): { today: Satisfaction; recent: Satisfaction } {
    const dayStart = localDay(timeZone, now).startsAt;
    const recentStart = now - recentHours * 3600_000;
    const today: number[] = [];
    const recent: number[] = [];
    for (const r of this.ratings.values()) {
      if (r.campaignId !== campaignId || (agentId !== undefined && r.agentId !== agentId) || r.at > now) continue;
      if (r.at >= dayStart) today.push(r.score);
      if (r.at >= recentStart) recent.push(r.score);
    }
    return { today: satisfactionOf(today), recent: satisfactionOf(recent) };
  }

  private prune(now: number): void {
    for (const [id, r] of this.ratings) if (r.at < now - KEPT_MS) this.ratings.delete(id);
  }
}
