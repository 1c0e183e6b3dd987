export { simulate, type SimulationResult, type CampaignResult, type AgentResult } from './simulate';
export {
  parseScenario,
  ScenarioError,
  type Scenario,
  type SimCampaign,
  type SimAgent,
  type HandleTime,
} from './scenario';
export { formatResult } from './table';
export { exponential, logNormal, nextArrival } from './distributions';
