import {
  MESSAGES_PER_SECOND_MAX,
  MESSAGES_PER_SECOND_MIN,
  type Channel,
  type Provider,
  type ProviderCreate,
  type ProviderUpdate,
} from '@switchboard/protocol';

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
  /** WhatsApp Cloud's three secrets; empty on edit means "keep the stored one". */
  appSecret: string;
  accessToken: string;
  verifyToken: string;
  /** WhatsApp Cloud send budget as typed; empty means the server's default. */
  messagesPerSecond: string;
  /** Whether the provider had a budget set, so clearing the field sends null (back to the default). */
  hadMessagesPerSecond: boolean;
  /** WhatsApp Cloud business account id (template sync); empty means none. */
  wabaId: string;
  hadWabaId: boolean;
}

export const CLOUD_SECRETS = ['appSecret', 'accessToken', 'verifyToken'] as const;

export const PROVIDER_FIELDS = [
  'name',
  'channel',
  'domain',
  'platformId',
  'username',
  'partnerToken',
  'password',
  ...CLOUD_SECRETS,
  'messagesPerSecond',
  'wabaId',
];

export function toFormValues(provider: Provider | null): ProviderFormValues {
  return {
    kind: provider?.kind ?? 'heynow-direct',
    name: provider?.name ?? '',
    channel: provider?.channel ?? 'whatsapp',
    domain: provider?.domain ?? '',
    platformId: provider?.platformId ?? '',
    username: provider?.username ?? '',
    secret: '',
    appSecret: '',
    accessToken: '',
    verifyToken: '',
    messagesPerSecond: provider?.messagesPerSecond !== undefined ? String(provider.messagesPerSecond) : '',
    hadMessagesPerSecond: provider?.messagesPerSecond !== undefined,
    wabaId: provider?.wabaId ?? '',
    hadWabaId: provider?.wabaId !== undefined,
  };
}

/** The same bounds as the API's schema: an empty field is fine (default), else a whole number in range. */
export function messagesPerSecondValid(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (!/^\d+$/.test(v)) return false;
  const n = Number(v);
  return n >= MESSAGES_PER_SECOND_MIN && n <= MESSAGES_PER_SECOND_MAX;
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
  if (v.kind === 'whatsapp-cloud') {
    const domain = v.domain.trim();
    return {
      kind: 'whatsapp-cloud',
      name: common.name,
      platformId: common.platformId,
      appSecret: v.appSecret,
      accessToken: v.accessToken,
      verifyToken: v.verifyToken,
      ...(domain ? { domain } : {}),
      ...(v.messagesPerSecond.trim() ? { messagesPerSecond: Number(v.messagesPerSecond.trim()) } : {}),
      ...(v.wabaId.trim() ? { wabaId: v.wabaId.trim() } : {}),
    };
  }
  return { kind: 'heynow-direct', ...common, domain: v.domain.trim(), partnerToken: v.secret };
}

export function toUpdateBody(v: ProviderFormValues): ProviderUpdate {
  const body: ProviderUpdate = { name: v.name.trim(), channel: v.channel, platformId: v.platformId.trim() };
  const domain = v.domain.trim();
  if (v.kind === 'heynow-direct' || domain) body.domain = domain;
  if (v.kind === 'heynow-client') body.username = v.username.trim();
  if (v.kind === 'whatsapp-cloud') {
    delete body.channel; // always WhatsApp
    for (const key of CLOUD_SECRETS) if (v[key]) body[key] = v[key];
    const budget = v.messagesPerSecond.trim();
    if (budget) body.messagesPerSecond = Number(budget);
    else if (v.hadMessagesPerSecond) body.messagesPerSecond = null;
    const waba = v.wabaId.trim();
    if (waba) body.wabaId = waba;
    else if (v.hadWabaId) body.wabaId = null;
    return body;
  }
  if (v.secret) body[secretField(v.kind)] = v.secret;
  return body;
}
