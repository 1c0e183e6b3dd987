export {
  addTally,
  emptyTally,
  figuresOf,
  isShortAbandon,
  isWithinServiceLevel,
  serviceFigures,
  type ServiceFigures,
  type Tally,
  type WaitThresholds,
} from './service-level';
export {
  CampaignCounters,
  type Bucket,
  type CampaignCountersOptions,
  type ChartPoint,
  type CounterEvent,
  type RejectReason,
} from './counters';
export {
  activeChatColour,
  activeChatRedAt,
  queueView,
  waitingCountColour,
  waitingItemAmberAt,
  waitingItemColour,
  type QueueView,
  type ThresholdColour,
} from './thresholds';
export {
  agentCampaignRow,
  countByStatus,
  countToday,
  monitorStatus,
  readToday,
  type AgentCampaignInput,
  type AgentCampaignRow,
  type AgentStatus,
  type DailyCount,
  type MonitorStatus,
} from './agent-view';
export { SatisfactionLedger, satisfactionOf, type Rating, type Satisfaction } from './satisfaction';
