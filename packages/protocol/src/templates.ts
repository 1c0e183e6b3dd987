import { Type, type Static } from '@sinclair/typebox';

/**
 * An approved WhatsApp message template as synced from the business account. Only the body's text is kept:
 * its `{{n}}` placeholders are what the agent fills; headers with media and buttons are not offered.
 */
export const MessageTemplate = Type.Object({
  name: Type.String(),
  /** Meta's language code, e.g. `es`, `en_US`, `pt_BR` */
  language: Type.String(),
  /** MARKETING | UTILITY | AUTHENTICATION, as Meta names it */
  category: Type.String(),
  /** The body with its `{{1}}`… placeholders; empty when the template has no body text */
  bodyText: Type.String(),
  /** How many parameters the body takes (the highest `{{n}}`) */
  paramCount: Type.Integer({ minimum: 0 }),
});
export type MessageTemplate = Static<typeof MessageTemplate>;

/**
 * What a sync found: every template of the account (`total`), the approved ones agents can now pick
 * (`approved`), and those left out because they need header or button parameters the composer does not ask
 * for (`unsupported`).
 */
export const TemplateSyncResult = Type.Object({
  total: Type.Integer(),
  approved: Type.Integer(),
  unsupported: Type.Integer(),
  syncedAt: Type.Integer(),
});
export type TemplateSyncResult = Static<typeof TemplateSyncResult>;

/**
 * The templates an agent may send in a conversation. `customerLanguage` is a guess from the customer's number
 * (no provider tells it); the composer shows that language first and lets the agent pick another.
 * `synced` is false when the provider has no template catalogue (HeyNow, or a Cloud number without its
 * business account id): the composer then asks for the template's name and language instead.
 */
export const InteractionTemplates = Type.Object({
  synced: Type.Boolean(),
  customerLanguage: Type.Union([Type.String(), Type.Null()]),
  templates: Type.Array(MessageTemplate),
});
export type InteractionTemplates = Static<typeof InteractionTemplates>;

// Pure helpers shared by the server (parameter count at sync) and the composer (preview, language match).

const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;

/** How many parameters a template body takes: its highest `{{n}}` (Meta numbers them from 1). */
export function templateParamCount(bodyText: string): number {
  let max = 0;
  for (const match of bodyText.matchAll(PLACEHOLDER)) max = Math.max(max, Number(match[1]));
  return max;
}

/** The body as the customer will read it; a placeholder without a value stays visible as `{{n}}`. */
export function fillTemplate(bodyText: string, params: readonly string[]): string {
  return bodyText.replace(PLACEHOLDER, (whole, n: string) => {
    const value = params[Number(n) - 1];
    return value !== undefined && value !== '' ? value : whole;
  });
}

/** `es_AR` and `es` are the same language for choosing a template. */
export function baseLanguage(code: string): string {
  return code.split(/[_-]/)[0]!.toLowerCase();
}

