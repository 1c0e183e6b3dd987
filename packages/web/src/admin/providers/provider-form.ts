import type { Channel, Provider, ProviderCreate, ProviderUpdate } from '@switchboard/protocol';

export type EditableKind = 'heynow-direct' | 'heynow-client';

export interface ProviderFormValues {
  kind: Provider['kind'];
  name: string;
  channel: Channel;
  domain: string;
  platformId: string;
  username: string;
  /** The partner token (Direct) or password (Client); empty on edit means "keep the stored one". */
  secret: string;
}

export const PROVIDER_FIELDS = ['name', 'channel', 'domain', 'platformId', 'username', 'partnerToken', 'password'];

export function toFormValues(provider: Provider | null): ProviderFormValues {
  return {
    kind: provider?.kind ?? 'heynow-direct',
    name: provider?.name ?? '',
    channel: provider?.channel ?? 'whatsapp',
    domain: provider?.domain ?? '',
    platformId: provider?.platformId ?? '',
    username: provider?.username ?? '',
    secret: '',
  };
}

/** The API names the secret after the kind; the form has one input for it. */
export function secretField(kind: Provider['kind']): 'partnerToken' | 'password' {
  return kind === 'heynow-client' ? 'password' : 'partnerToken';
}

export function formPathOf(apiField: string): string {
  return apiField === 'partnerToken' || apiField === 'password' ? 'secret' : apiField;
}

export function toCreateBody(v: ProviderFormValues): ProviderCreate {
  const common = { name: v.name.trim(), channel: v.channel, platformId: v.platformId.trim() };
  if (v.kind === 'heynow-client') {
    const domain = v.domain.trim();
    return {
      kind: 'heynow-client',
      ...common,
      username: v.username.trim(),
      password: v.secret,
      ...(domain ? { domain } : {}),
    };
  }
  return { kind: 'heynow-direct', ...common, domain: v.domain.trim(), partnerToken: v.secret };
}

export function toUpdateBody(v: ProviderFormValues): ProviderUpdate {
  const body: ProviderUpdate = { name: v.name.trim(), channel: v.channel, platformId: v.platformId.trim() };
  const domain = v.domain.trim();
  if (v.kind === 'heynow-direct' || domain) body.domain = domain;
  if (v.kind === 'heynow-client') body.username = v.username.trim();
  if (v.secret) body[secretField(v.kind)] = v.secret;
  return body;
}
