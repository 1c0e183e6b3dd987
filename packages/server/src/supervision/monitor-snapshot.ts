import {
  agentCampaignRow,
  countByStatus,
  isOpen,
  monitorStatus,
  queueView,
  waitingItemColour,
  activeChatColour,
  type CampaignCounters,
} from '@switchboard/core';
import { SATISFACTION_RECENT_HOURS } from '@switchboard/protocol';
import type {
  AgentMonitorRow,
  Campaign,
  CampaignMonitor,
  CampaignMonitorDetail,
  ChartPoint,
  Colour,
  Satisfaction,
} from '@switchboard/protocol';
import type { Kysely } from 'kysely';
import type { RouterService } from '../routing/router-service';
import type { Tables } from '../storage/schema';
import type { Presence } from './monitor-service';
import type { InteractionTracker } from './monitor-tracker';

/** Everything one campaign's figures are read from; all of it in memory. */
export interface MonitorContext {
  campaign: Campaign;
  figures: CampaignCounters;
  timeZone: string;
  router: RouterService;
  tracker: InteractionTracker;
  members: readonly string[];
  nameOf(agentId: string): string;
  presenceOf(agentId: string): Presence;
  /** Satisfaction today and in the last hours, for the campaign or one person in it. */
  satisfaction(agentId?: string): { today: Satisfaction; recent: Satisfaction };
}

/** The chart: the last 8 hours, one point per half hour (the current, unfinished half hour last). */
export const CHART_HOURS = SATISFACTION_RECENT_HOURS;
export const CHART_STEP_MINUTES = 30;
/** A detail view lists at most this many waiting items (the oldest): the count above stays exact. */
const WAITING_ITEMS_SHOWN = 200;

const colour = (c: 'normal' | 'amber' | 'red'): Colour => (c === 'normal' ? 'none' : c);
const whole = (ms: number | null): number | null => (ms === null ? null : Math.round(ms));

export function campaignRow(ctx: MonitorContext, now: number): CampaignMonitor {
  const { campaign, router } = ctx;
  const t = campaign.thresholds;
  const today = ctx.figures.today(ctx.timeZone, now);
  const satisfaction = ctx.satisfaction();
  const queue = queueView(
    router.views.campaignQueue(campaign.id).map((q) => q.enteredAt),
    now,
    t,
  );
  const statuses = ctx.members.map((id) =>
    monitorStatus(ctx.presenceOf(id).status, router.views.agentView(id)?.held ?? 0),
  );
  return {
    campaignId: campaign.id,
    name: campaign.name,
    enabled: campaign.enabled,
    open: isOpen(campaign.schedule, now),
    agents: countByStatus(statuses),
    waiting: queue.waiting,
    longestWaitMs: queue.longestWaitMs,
    // The count alert (red) outranks a late item (amber).
    waitingColour: queue.colour === 'red' ? 'red' : queue.late > 0 ? 'amber' : 'none',
    active: ctx.tracker.activeCount(campaign.id),
    attendedToday: today.answered,
    abandonedToday: today.abandoned,
    transferredToday: today.transferred,
    serviceLevelPercent: today.serviceLevelPercent,
    serviceLevelWithAbandonedPercent: today.serviceLevelWithAbandonedPercent,
    abandonPercent: today.abandonPercent,
    averageWaitMs: whole(today.averageWaitMs),
    averageHandleMs: whole(today.averageHandleMs),
    satisfactionToday: satisfaction.today,
    satisfactionRecent: satisfaction.recent,
    thresholds: { serviceLevel: t.serviceLevel, shortAbandon: t.shortAbandon, chatTime: t.chatTime, acd: t.acd },
  };
}

/** `customerOf` names the customer of an active interaction (name, else number). */
export function agentRows(
  ctx: MonitorContext,
  now: number,
  customerOf: (interactionId: string) => string,
): AgentMonitorRow[] {
  const { campaign, router } = ctx;
  const takenAts = new Map<string, number[]>();
  const chats = new Map<string, AgentMonitorRow['chats']>();
  const active = ctx.tracker.activeIn(campaign.id).sort((a, b) => (a.takenAt ?? now) - (b.takenAt ?? now));
  for (const item of active) {
    if (!item.ownerAgentId) continue;
    const chat = { interactionId: item.id, customer: customerOf(item.id), takenAt: item.takenAt };
    chats.set(item.ownerAgentId, [...(chats.get(item.ownerAgentId) ?? []), chat]);
    if (item.takenAt === null) continue;
    takenAts.set(item.ownerAgentId, [...(takenAts.get(item.ownerAgentId) ?? []), item.takenAt]);
  }
  return ctx.members.map((agentId) => {
    const presence = ctx.presenceOf(agentId);
    const satisfaction = ctx.satisfaction(agentId);
    const held = router.views.agentView(agentId)?.held ?? 0;
    const row = agentCampaignRow(
      {
        status: presence.status,
        statusSince: presence.since,
        activeInAllCampaigns: held,
        activeTakenAts: takenAts.get(agentId) ?? [],
        max: campaign.maxInteractionsPerAgent,
        attendedToday: ctx.tracker.attendedToday(campaign.id, agentId, now),
      },
      now,
      campaign.thresholds.chatTime,
    );
    return {
      agentId,
      displayName: ctx.nameOf(agentId),
      status: presence.status,
      busy: held > 0,
      reason: presence.reason,
      since: presence.since,
      active: row.active,
      max: row.max,
      oldestActiveMs: row.oldestActiveMs,
      oldestActiveColour: colour(row.colour),
      attendedToday: row.attendedToday,
      onCall: presence.onCall,
      chats: chats.get(agentId) ?? [],
      satisfactionToday: satisfaction.today,
      satisfactionRecent: satisfaction.recent,
    };
  });
}

export function chartOf(figures: CampaignCounters, now: number): ChartPoint[] {
  const stepMs = CHART_STEP_MINUTES * 60_000;
  const to = Math.floor(now / stepMs) * stepMs + stepMs;
  return figures.chart(to - CHART_HOURS * 3600_000, to, CHART_STEP_MINUTES).map((p) => ({
    at: p.startsAt,
    arrivals: p.arrivals,
    answered: p.answered,
    abandoned: p.abandoned,
    serviceLevelPercent: p.serviceLevelPercent,
  }));
}

/** The detail view: the row, agents, waiting and active items, chart. Reads only the listed rows, by key. */
export async function detailOf(db: Kysely<Tables>, ctx: MonitorContext, now: number): Promise<CampaignMonitorDetail> {
  const { campaign } = ctx;
  const queue = ctx.router.views.campaignQueue(campaign.id, WAITING_ITEMS_SHOWN);
  const active = ctx.tracker.activeIn(campaign.id).sort((a, b) => (a.takenAt ?? 0) - (b.takenAt ?? 0));
  const ids = [...queue.map((q) => q.interactionId), ...active.map((a) => a.id)];
  const rows = ids.length
    ? await db
        .selectFrom('interactions')
        .select(['id', 'customer_number', 'customer_name'])
        .where('id', 'in', ids)
        .execute()
    : [];
  const customer = new Map(rows.map((r) => [r.id, r]));
  return {
    campaign: campaignRow(ctx, now),
    agents: agentRows(ctx, now, (id) => {
      const row = customer.get(id);
      return row?.customer_name?.trim() || row?.customer_number || '';
    }),
    waitingItems: queue.map((q) => ({
      interactionId: q.interactionId,
      customerNumber: customer.get(q.interactionId)?.customer_number ?? '',
      customerName: customer.get(q.interactionId)?.customer_name ?? null,
      enteredAt: q.enteredAt,
      colour: colour(waitingItemColour(q.enteredAt, now, campaign.thresholds.serviceLevel)),
    })),
    activeItems: active.map((a) => ({
      interactionId: a.id,
      agentId: a.ownerAgentId,
      customerNumber: customer.get(a.id)?.customer_number ?? '',
      takenAt: a.takenAt,
      colour: a.takenAt === null ? 'none' : colour(activeChatColour(a.takenAt, now, campaign.thresholds.chatTime)),
    })),
    chart: chartOf(ctx.figures, now),
  };
}
