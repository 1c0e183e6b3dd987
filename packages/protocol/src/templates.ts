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
