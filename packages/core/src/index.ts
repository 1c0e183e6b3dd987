// The pure domain: no I/O, no clock, no randomness of its own. Everything with I/O lives in `server`.
export * from './schedule';
export * from './skills';
export * from './conversation';
export * from './metrics';
export * from './routing';
// Both modules name the agent's status; routing's (available/paused/wrapup/offline) is the domain's.
export type { AgentStatus } from './routing';
export type { AgentStatus as MonitorAgentInputStatus } from './metrics';
export * from './simulation';
export * from './queue-eta';
