import type { RoutingEvent } from './events';
import { returnTransfer, withdrawOffers } from './lifecycle';
import type { RoutingState } from './state';

type EventOf<T extends RoutingEvent['type']> = Extract<RoutingEvent, { type: T }>;

export function changeStatus(state: RoutingState, event: EventOf<'agent_status_changed'>, now: number): void {
  const agent = state.agent(event.agentId, now);
  if (agent.status === 'wrapup') {
    // any explicit status ends wrap-up; `available` is the agent ending it early
    state.setWrapupTimer(agent, null);
    agent.wrapupUntil = null;
    state.out.push({ type: 'wrapup_ended', agentId: agent.id, early: true });
  }
  // idle time for the "longest idle" tie-break starts at login, not at some earlier session
  if (agent.status === 'offline' && event.status !== 'offline') agent.lastActivityAt = now;
  agent.status = event.status;
  agent.pauseReason = event.status === 'paused' ? (event.reason ?? null) : null;
  if (event.status !== 'available') withdrawOffers(state, agent);
  if (event.status === 'offline' && agent.incomingTransfers.size > 0) {
    for (const id of [...agent.incomingTransfers]) {
      const item = state.interactions.get(id);
      if (item) returnTransfer(state, item, 'target_offline');
    }
  }
  state.markAgent(agent);
}

export function changeOnCall(state: RoutingState, event: EventOf<'agent_on_call_changed'>, now: number): void {
  const agent = state.agent(event.agentId, now);
  agent.onCall = event.onCall;
  state.markAgent(agent);
}
