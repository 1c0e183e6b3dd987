/**
 * The HeyNow Direct API wire format as Switchboard implements it (docs/heynow-contract.md). HeyNow's own
 * reference is not public (reference §7.1), so every field name lives here and in `parse.ts`/`adapter.ts`:
 * matching the real API means editing this folder only.
 */
export const PARTNER_TOKEN_HEADER = 'x-heynow-partner-token';
export const SIGNATURE_HEADER = 'x-heynow-signature';

export interface HeyNowAttachment {
  url?: string;
  /** base64 bytes (HeyNow's `processFile.data`) */
  data?: string;
  mimeType: string;
  name?: string;
  size?: number;
}

export interface HeyNowHistoryItem {
  id?: string;
  from: 'bot' | 'customer';
  text?: string;
  attachments?: HeyNowAttachment[];
  timestamp: string | number;
}

export type HeyNowEvent =
  | {
      event: 'handoff';
      conversationId: string;
      platformId?: string;
      contact: { id?: string; name?: string; phone?: string };
      skill: string;
      messageId?: string;
      text?: string;
      attachments?: HeyNowAttachment[];
      history?: HeyNowHistoryItem[];
      timestamp?: string | number;
    }
  | {
      event: 'message';
      conversationId: string;
      messageId: string;
      text?: string;
      attachments?: HeyNowAttachment[];
      timestamp?: string | number;
    }
  | { event: 'customer_left'; conversationId: string; reason?: string; timestamp?: string | number }
  | {
      event: 'status';
      messageId: string;
      conversationId?: string;
      status: 'sent' | 'delivered' | 'read' | 'failed';
      error?: { code: string; message: string };
      timestamp?: string | number;
    };

/** A webhook body is one event, or `{ "events": [...] }` for a batch. */
export type HeyNowWebhookBody = HeyNowEvent | { events: HeyNowEvent[] };

/** Outbound bodies (us → HeyNow). */
export type HeyNowOutboundMessage =
  | { platformId: string; type: 'text'; text: string }
  | { platformId: string; type: 'media'; media: { url: string; mimeType: string; name?: string; caption?: string } }
  | { platformId: string; type: 'template'; template: { name: string; language: string; params: string[] } };
