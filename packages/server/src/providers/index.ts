export type {
  HeaderBag,
  ParseResult,
  ProviderAdapter,
  ProviderCapabilities,
  ProviderConfig,
  ProviderDeps,
  VerifyResult,
  WebhookRequest,
} from './provider-adapter';
export { createProviderAdapter } from './create-provider-adapter';
export { verifySubscription, type SubscriptionResult } from './whatsapp-cloud/subscription';
