export type {
  HeaderBag,
  MediaFetchResult,
  ParseResult,
  ProviderAdapter,
  ProviderCapabilities,
  ProviderConfig,
  ProviderDeps,
  VerifyResult,
  WebhookRequest,
} from './provider-adapter';
export type { RejectedEvent } from './wire-check';
export { createProviderAdapter } from './create-provider-adapter';
export { verifySubscription, type SubscriptionResult } from './whatsapp-cloud/subscription';
