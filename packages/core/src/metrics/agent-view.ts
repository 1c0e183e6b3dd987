// The per-agent columns of campaign monitoring.
import { localDay } from '../schedule/local-day';
import { activeChatColour } from './thresholds';

export type AgentStatus = 'available' | 'paused' | 'wrapup' | 'offline';
/** The five groups of the monitor's "agents by status". */
export type MonitorStatus = 'available' | 'busy' | 'paused' | 'wrapup' | 'offline';

/**
 * One group per agent. Holding an interaction shows as busy even when paused (incall pauses
 * the agent automatically while they work, and a supervisor wants to see who is working);
 * wrap-up and offline win because the agent is then not working any interaction here.
 */
export function monitorStatus(status: AgentStatus, activeInAllCampaigns: number): MonitorStatus {
  if (status === 'offline' || status === 'wrapup') return status;
  return activeInAllCampaigns > 0 ? 'busy' : status;
}

export function countByStatus(statuses: Iterable<MonitorStatus>): Record<MonitorStatus, number> {
  const counts: Record<MonitorStatus, number> = { available: 0, busy: 0, paused: 0, wrapup: 0, offline: 0 };
  for (const status of statuses) counts[status]++;
  return counts;
}

export interface AgentCampaignInput {
  status: AgentStatus;
  statusSince: number;
  /** Interactions the agent holds in every campaign (for the busy flag). */
  activeInAllCampaigns: number;
  /** When each interaction the agent holds in this campaign was taken. */
  activeTakenAts: readonly number[];
  /** The campaign's maximum interactions per agent. */
  max: number;
  attendedToday: number;
}

export interface AgentCampaignRow {
  status: MonitorStatus;
  statusSince: number;
  statusForMs: number;
  active: number;
  max: number;
  oldestActiveMs: number | null;
  /** Red when the oldest active chat is longer than chatTime. */
  colour: 'normal' | 'red';
  attendedToday: number;
}

export function agentCampaignRow(input: AgentCampaignInput, now: number, chatTimeSeconds: number): AgentCampaignRow {
  const oldestTakenAt = input.activeTakenAts.length === 0 ? null : Math.min(...input.activeTakenAts);
  return {
    status: monitorStatus(input.status, input.activeInAllCampaigns),
    statusSince: input.statusSince,
    statusForMs: Math.max(0, now - input.statusSince),
    active: input.activeTakenAts.length,
    max: input.max,
    oldestActiveMs: oldestTakenAt === null ? null : now - oldestTakenAt,
    colour: oldestTakenAt === null ? 'normal' : activeChatColour(oldestTakenAt, now, chatTimeSeconds),
    attendedToday: input.attendedToday,
  };
}

/** A count that restarts with each local day of a time zone (e.g. an agent's "attended today" in a campaign). */
export interface DailyCount {
  startsAt: number;
  endsAt: number;
  count: number;
}

/** Counts one more at `at`, starting from zero when `at` falls on a later local day. */
export function countToday(counter: DailyCount | null, at: number, timeZone: string): DailyCount {
  if (counter && at >= counter.startsAt && at < counter.endsAt) return { ...counter, count: counter.count + 1 };
  const day = localDay(timeZone, at);
  return { startsAt: day.startsAt, endsAt: day.endsAt, count: 1 };
}

/** The count for the local day containing `now`: 0 once that day has moved on. */
export function readToday(counter: DailyCount | null, now: number): number {
  return counter && now >= counter.startsAt && now < counter.endsAt ? counter.count : 0;
}
