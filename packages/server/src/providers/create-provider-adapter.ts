import { createHeyNowClientAdapter } from './heynow-client/adapter';
import { createHeyNowDirectAdapter } from './heynow-direct/adapter';
import type { ProviderAdapter, ProviderConfig, ProviderDeps } from './provider-adapter';
import { createWhatsAppCloudAdapter } from './whatsapp-cloud/adapter';

/** The one place that maps a provider kind to its adapter. */
export function createProviderAdapter(config: ProviderConfig, deps: ProviderDeps): ProviderAdapter {
  switch (config.kind) {
    case 'heynow-direct':
      return createHeyNowDirectAdapter(config, deps);
    case 'heynow-client':
      return createHeyNowClientAdapter(config, deps);
    case 'whatsapp-cloud':
      return createWhatsAppCloudAdapter(config, deps);
  }
}
