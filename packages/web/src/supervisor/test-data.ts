import type {
  AgentMonitorRow,
  CampaignMonitor,
  CampaignMonitorDetail,
  ConversationMessage,
  InteractionDetail,
  InteractionSummary,
  Me,
} from '@switchboard/protocol';

/** Fixtures for the supervisor's component tests. */
export const supervisorMe: Me = { id: 's1', username: 'sofia', displayName: 'Sofía', role: 'supervisor' };
export const adminMe: Me = { id: 'u0', username: 'admin', displayName: 'Admin', role: 'administrator' };

export function monitorRow(over: Partial<CampaignMonitor> = {}): CampaignMonitor {
  return {
    campaignId: 'c1',
    name: 'Ventas',
    enabled: true,
    open: true,
    agents: { available: 1, busy: 1, paused: 0, wrapup: 0, offline: 1 },
    waiting: 1,
    longestWaitMs: 5_000,
    waitingColour: 'none',
    active: 1,
    attendedToday: 7,
    abandonedToday: 1,
    transferredToday: 0,
    serviceLevelPercent: 85.714,
    serviceLevelWithAbandonedPercent: 75,
    abandonPercent: 12.5,
    averageWaitMs: 12_000,
    averageHandleMs: 240_000,
    satisfactionToday: { average: null, count: 0 },
    satisfactionRecent: { average: null, count: 0 },
    thresholds: { serviceLevel: 20, shortAbandon: 5, chatTime: 600, acd: 3 },
    ...over,
  };
}

export function agentRow(over: Partial<AgentMonitorRow> = {}): AgentMonitorRow {
  return {
    agentId: 'a1',
    displayName: 'Ana',
    status: 'available',
    busy: true,
    onCall: false,
    reason: null,
    since: Date.now() - 60_000,
    active: 1,
    max: 2,
    oldestActiveMs: 30_000,
    oldestActiveColour: 'none',
    attendedToday: 4,
    chats: [{ interactionId: 'i1', customer: 'Lucía', takenAt: Date.now() - 30_000 }],
    satisfactionToday: { average: null, count: 0 },
    satisfactionRecent: { average: null, count: 0 },
    ...over,
  };
}

export function monitorDetail(over: Partial<CampaignMonitorDetail> = {}): CampaignMonitorDetail {
  const now = Date.now();
  return {
    campaign: monitorRow(),
    agents: [
      agentRow(),
      agentRow({
        agentId: 'a2',
        displayName: 'Bruno',
        status: 'paused',
        reason: 'Lunch',
        busy: false,
        active: 0,
        oldestActiveMs: null,
      }),
    ],
    waitingItems: [
      {
        interactionId: 'w1',
        customerNumber: '+598 91 *** 555',
        customerName: null,
        enteredAt: now - 5_000,
        colour: 'none',
      },
    ],
    activeItems: [
      { interactionId: 'i1', agentId: 'a1', customerNumber: '+598 99 *** 123', takenAt: now - 30_000, colour: 'none' },
    ],
    chart: [
      { at: now - 3_600_000, arrivals: 4, answered: 3, abandoned: 1, serviceLevelPercent: 66.7 },
      { at: now, arrivals: 2, answered: 2, abandoned: 0, serviceLevelPercent: null },
    ],
    ...over,
  };
}

export function summary(over: Partial<InteractionSummary> = {}): InteractionSummary {
  const now = Date.now();
  return {
    id: 'i1',
    campaignId: 'c1',
    campaignName: 'Ventas',
    providerId: 'p1',
    platformId: 'hn-1',
    customerNumber: '+598 99 *** 123',
    customerName: 'Lucía',
    skill: 'ventas',
    status: 'active',
    closeReason: null,
    ownerAgentId: 'a1',
    ownerName: 'Ana',
    createdAt: now - 120_000,
    enteredAt: now - 120_000,
    takenAt: now - 60_000,
    closedAt: null,
    lastCustomerMessageAt: now - 60_000,
    pendingTransferTo: null,
    ...over,
  };
}

export function message(over: Partial<ConversationMessage>): ConversationMessage {
  return {
    id: 'm',
    interactionId: 'i1',
    direction: 'in',
    author: 'customer',
    agentId: null,
    authorName: null,
    kind: 'text',
    text: 'hola',
    attachments: [],
    status: null,
    error: null,
    createdAt: Date.now() - 60_000,
    ...over,
  };
}

export function interactionDetail(over: Partial<InteractionDetail> = {}): InteractionDetail {
  return {
    interaction: summary(),
    messages: [message({ id: 'm1', text: 'hola 👋' })],
    timeline: [],
    window: { open: true, closesAt: null, applies: true },
    earlierCount: 0,
    ...over,
  };
}
