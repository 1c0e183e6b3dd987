export {
  createMockHeyNow,
  type MockHeyNow,
  type MockHeyNowOptions,
  type StartConversationOptions,
  type StartedConversation,
} from './mock-heynow';
export type { MockConversation, ReceivedCall, ReceivedAction, BotMenu } from './mock-state';
export type { ScriptedCustomersOptions, ScriptedCustomersSummary } from './scripted-customers';
export type { MockTarget, WebhookDelivery } from './webhook-sender';
