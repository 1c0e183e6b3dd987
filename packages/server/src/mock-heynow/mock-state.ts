export type ReceivedAction = 'attended' | 'message' | 'end' | 'login' | 'client-send' | 'unknown';

/** One call Switchboard made to the mock, as the mock saw and answered it. */
export interface ReceivedCall {
  seq: number;
  action: ReceivedAction;
  method: string;
  path: string;
  conversationId?: string;
  authorization?: string;
  idempotencyKey?: string;
  body: unknown;
  /** What the mock answered. */
  status: number;
  messageId?: string;
  /** A retry with an Idempotency-Key already seen: answered with the first message id, not applied twice. */
  duplicate?: boolean;
  at: number;
}

export type ConversationState = 'queued' | 'attended' | 'ended' | 'left';

export interface TranscriptLine {
  from: 'bot' | 'customer' | 'agent';
  text?: string;
  attachmentUrl?: string;
  messageId: string;
  at: number;
}

export interface MockConversation {
  conversationId: string;
  number: string;
  name?: string;
  skill: string;
  state: ConversationState;
  attendedBy?: string;
  transcript: TranscriptLine[];
}

export interface MenuOption {
  key: string;
  label: string;
  skill: string;
}

export interface BotMenu {
  greeting: string;
  options: MenuOption[];
}

export const DEFAULT_MENU: BotMenu = {
  greeting: '¡Hola! Soy el asistente virtual. Elegí una opción:',
  options: [
    { key: '1', label: 'Ventas', skill: 'ventas' },
    { key: '2', label: 'Soporte', skill: 'soporte' },
    { key: '3', label: 'Otra consulta', skill: 'default' },
  ],
};

export function menuText(menu: BotMenu): string {
  return [menu.greeting, ...menu.options.map((o) => `${o.key}. ${o.label}`)].join('\n');
}

/** Next-N-calls failures and an outage window, applied to every contract endpoint (not /mock/*). */
export class FaultPlan {
  private queue: { status: number; remaining: number }[] = [];
  private outageUntil: number | null = null;

  failNext(status: number, count: number): void {
    if (count > 0) this.queue.push({ status, remaining: count });
  }

  setOutage(until: number | null): void {
    this.outageUntil = until;
  }

  clear(): void {
    this.queue = [];
    this.outageUntil = null;
  }

  /** The status to fail this call with, if any; consumes one planned failure. */
  take(now: number): number | undefined {
    if (this.outageUntil !== null && now < this.outageUntil) return 503;
    const head = this.queue[0];
    if (!head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) this.queue.shift();
    return head.status;
  }
}

/** 1×1 transparent PNG, served at /mock/files/* so image messages have a real URL. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
