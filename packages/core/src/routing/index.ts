export { RoutingEngine, type RoutingEngineOptions } from './engine';
export type { RoutingEvent, AgentSnapshot, InteractionSnapshot, RoutingSnapshot } from './events';
export {
  EXCLUSION_SAMPLE,
  type Decision,
  type DecisionType,
  type Explanation,
  type Exclusion,
  type ExclusionCode,
  type TieBreak,
  type TakeRejection,
  type TransferRejection,
  type ArrivalRejection,
  type SupervisionRejection,
  type SupervisionCommand,
} from './decisions';
export { explain, explainSelection, type ExplainNames } from './explain';
export { mulberry32, deriveSeed } from './rng';
export { MinHeap, type HeapEntry } from './heap';
export type { AgentView, InteractionView, QueueEntryView, PendingItem } from './views';
export {
  STRATEGIES,
  DELIVERY_MODES,
  isManual,
  isAttended,
  type Strategy,
  type DeliveryMode,
  type ManualStrategy,
  type OfferTimeout,
  type MemberConfig,
  type CampaignRouting,
  type AgentStatus,
  type SettableStatus,
  type InteractionState,
  type CloseReason,
  type Rng,
  type IsOpen,
} from './types';
