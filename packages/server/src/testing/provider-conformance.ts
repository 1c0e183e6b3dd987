/**
 * The one contract every provider adapter must pass (modelled on hono's common router suite): each
 * `<kind>.conformance.test.ts` builds a harness around its adapter and a real HTTP peer on 127.0.0.1 and calls
 * `describeProviderConformance`. What a kind cannot do is skipped with a visible reason, never silently.
 */
import {
  InboundEvent as InboundEventSchema,
  type InboundEvent,
  type InboundEventKind,
  type OutboundCommand,
  type OutboundErrorCode,
  type OutboundResult,
} from '@switchboard/protocol';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeaderBag, ParseResult, ProviderAdapter } from '../providers/provider-adapter';

export interface PeerCall {
  action: 'attended' | 'message' | 'end' | 'other';
  authorization?: string;
  body: unknown;
  status: number;
}

/** The other side of the wire: the mock HeyNow, or a fake Graph API. */
export interface ConformancePeer {
  calls(): PeerCall[];
  reset(): void;
  failNext(status: number, count?: number): void;
  /** Providers with documented error codes: the next request fails with `status` and this code and title. */
  failNextWithCode?(status: number, code: number, title: string): void;
}

/** One documented provider error code and what the adapter must make of it. */
export interface ErrorCodeCase {
  status: number;
  code: number;
  expected: { retryable: boolean; code: OutboundErrorCode; reason: string };
}

export interface InboundSample {
  body: Buffer;
  /** Matched with toMatchObject against the single parsed event. */
  expected: Partial<InboundEvent> & { kind: InboundEventKind };
}

export interface ConformanceHarness {
  adapter: ProviderAdapter;
  /** Builds the same adapter with another fetch (network failures, leak checks). */
  withFetch(fetchImpl: typeof fetch): ProviderAdapter;
  /** Every secret of the config, plus any token the peer issued: none may appear in a reason or message. */
  secrets(): string[];
  peer: ConformancePeer;
  /** The Authorization header a contract call must carry. */
  expectedAuthorization: string | RegExp;
  /** Conversation (or recipient) used for outbound commands. */
  conversationId: string;
  inbound?: {
    sign(rawBody: Buffer): HeaderBag;
    /** Headers of a sender that does not know the secret (wrong token / other key). */
    forge(rawBody: Buffer): HeaderBag;
    samples: Partial<Record<InboundEventKind, InboundSample>>;
    malformed: { body: Buffer; field: string }[];
    /** Batches with one malformed event: the others are kept (`kept` of them), the bad one is named. */
    badEventInBatch: { body: Buffer; field: string; index: number; kept: number }[];
    /**
     * The provider's documented example payloads, as the exact bytes it sends (whatsapp-cloud:
     * meta-webhook-examples.ts). Each is checked for its signature over those bytes, its events, readable
     * text, and a redelivery parsing to the same ids.
     */
    examples?: DocumentedExample[];
  };
  close(): Promise<void>;
}

export interface DocumentedExample {
  name: string;
  raw: Buffer;
  /** Matched with toMatchObject against the parsed events, in order. */
  expected: (Partial<InboundEvent> & { kind: InboundEventKind })[];
}

type Support = true | { skip: string };

export interface ConformanceSpec {
  inbound: Support;
  /** Per event kind: emitted by this provider, or why not. */
  inboundKinds: Record<InboundEventKind, Support>;
  /** attended / endConversation reach the peer, or why not. */
  conversations: Support;
  media: Support;
  /** Error codes the provider documents, checked through the peer (needs peer.failNextWithCode). */
  errorCodes?: ErrorCodeCase[] | { skip: string };
  makeHarness(): Promise<ConformanceHarness>;
}

const KINDS: InboundEventKind[] = ['handoff', 'message', 'customer_left', 'status'];

function failed(result: OutboundResult): Extract<OutboundResult, { ok: false }> {
  if (result.ok) throw new Error('expected a failure, got ok');
  return result;
}

export function describeProviderConformance(name: string, spec: ConformanceSpec): void {
  describe(`provider conformance: ${name}`, () => {
    let h: ConformanceHarness;
    /** Every reason and message produced during the suite, checked for secrets at the end. */
    const texts: string[] = [];
    const seen = (t: string | undefined) => {
      if (t !== undefined) texts.push(t);
    };
    const keep = (r: OutboundResult) => {
      if (!r.ok) {
        seen(r.message);
        seen(r.reason);
      }
      return r;
    };

    beforeAll(async () => {
      h = await spec.makeHarness();
    });
    afterAll(async () => {
      await h?.close();
    });

    const sampleBody = (): Buffer => {
      const samples = h.inbound?.samples ?? {};
      const first = samples.message ?? samples.handoff ?? samples.status;
      if (!first) throw new Error('harness has no inbound sample');
      return first.body;
    };

    describe('inbound authenticity', () => {
      if (spec.inbound !== true) {
        it.skip(`skipped: ${spec.inbound.skip}`, () => {});
        it('refuses inbound verify and parse with a reason', () => {
          const v = h.adapter.verify({ headers: {}, rawBody: Buffer.from('{}') });
          const p = h.adapter.parse(Buffer.from('{}'));
          expect(v.ok).toBe(false);
          expect(p.ok).toBe(false);
          if (!v.ok) seen(v.reason);
          if (!p.ok) seen(p.reason);
        });
        return;
      }
      it('accepts a correctly authenticated body', () => {
        const body = sampleBody();
        expect(h.adapter.verify({ headers: h.inbound!.sign(body), rawBody: body })).toEqual({ ok: true });
      });
      it('rejects a body without credentials', () => {
        const r = h.adapter.verify({ headers: {}, rawBody: sampleBody() });
        expect(r.ok).toBe(false);
        if (!r.ok) seen(r.reason);
      });
      it('rejects forged credentials', () => {
        const body = sampleBody();
        const r = h.adapter.verify({ headers: h.inbound!.forge(body), rawBody: body });
        expect(r.ok).toBe(false);
        if (!r.ok) seen(r.reason);
      });
      it('rejects a tampered body', () => {
        const body = sampleBody();
        const headers = h.inbound!.sign(body);
        // Still valid JSON, one byte longer: only a signature over the exact bytes notices.
        const tampered = Buffer.from(body.toString('utf8').replace(/}\s*$/, ' }'));
        expect(tampered.equals(body)).toBe(false);
        const r = h.adapter.verify({ headers, rawBody: tampered });
        // A bare-token scheme does not bind the body; the kinds that sign do.
        if (!('x-heynow-partner-token' in headers)) expect(r.ok).toBe(false);
        if (!r.ok) seen(r.reason);
      });
      it('rejects an empty body sent with the headers of a real one, and parse names the body', () => {
        const headers = h.inbound!.sign(sampleBody());
        const r = h.adapter.verify({ headers, rawBody: Buffer.alloc(0) });
        if (!('x-heynow-partner-token' in headers)) expect(r.ok).toBe(false);
        const p = h.adapter.parse(Buffer.alloc(0), 'application/json');
        expect(p).toMatchObject({ ok: false });
        if (!p.ok) {
          expect(p.reason).toMatch(/body/);
          seen(p.reason);
        }
      });
      it('reads header names case-insensitively', () => {
        const body = sampleBody();
        const upper = Object.fromEntries(Object.entries(h.inbound!.sign(body)).map(([k, v]) => [k.toUpperCase(), v]));
        expect(h.adapter.verify({ headers: upper, rawBody: body }).ok).toBe(true);
      });
    });

    describe('inbound parsing', () => {
      if (spec.inbound !== true) {
        it.skip(`skipped: ${spec.inbound.skip}`, () => {});
        return;
      }
      for (const kind of KINDS) {
        const support = spec.inboundKinds[kind];
        if (support !== true) {
          it.skip(`${kind}: skipped: ${support.skip}`, () => {});
          continue;
        }
        it(`parses ${kind} into the neutral shape`, () => {
          const sample = h.inbound!.samples[kind];
          expect(sample, `harness sample for ${kind}`).toBeDefined();
          const r = h.adapter.parse(sample!.body, 'application/json');
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.events).toHaveLength(1);
          expect(r.events[0]).toMatchObject(sample!.expected);
          expect(Number.isInteger(r.events[0]!.at)).toBe(true);
          expect([...Value.Errors(InboundEventSchema, r.events[0])].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
        });
      }
      it('gives a reason naming the field for each malformed body, and no events', () => {
        expect(h.inbound!.malformed.length).toBeGreaterThan(0);
        for (const { body, field } of h.inbound!.malformed) {
          const r = h.adapter.parse(body, 'application/json');
          expect(r, `malformed body missing ${field}`).toMatchObject({ ok: false });
          if (!r.ok) {
            expect(r.reason).toContain(field);
            seen(r.reason);
          }
          expect('events' in r).toBe(false);
        }
      });
      it('keeps the good events of a batch and names each bad one with its index and field', () => {
        expect(h.inbound!.badEventInBatch.length).toBeGreaterThan(0);
        for (const { body, field, index, kept } of h.inbound!.badEventInBatch) {
          const r = h.adapter.parse(body, 'application/json');
          expect(r, `batch with a bad ${field}`).toMatchObject({ ok: true });
          if (!r.ok) continue;
          expect(r.events).toHaveLength(kept);
          expect(r.rejected).toEqual([{ index, field, reason: expect.stringContaining(field) as string }]);
          for (const event of r.events) expect([...Value.Errors(InboundEventSchema, event)]).toEqual([]);
        }
      });
      it('parses a duplicated delivery to the same providerMessageId', () => {
        const body = sampleBody();
        const a = h.adapter.parse(body);
        const b = h.adapter.parse(Buffer.from(body));
        expect(a.ok && b.ok).toBe(true);
        if (!a.ok || !b.ok) return;
        const id = (e: InboundEvent | undefined) => (e && 'providerMessageId' in e ? e.providerMessageId : undefined);
        expect(id(a.events[0])).toBeDefined();
        expect(id(a.events[0])).toBe(id(b.events[0]));
      });
      const examples = () => h.inbound!.examples ?? [];
      it('signs, parses and redelivers every documented example payload', () => {
        if (examples().length === 0) return;
        for (const example of examples()) {
          const { name, raw } = example;
          const headers = h.inbound!.sign(raw);
          expect(h.adapter.verify({ headers, rawBody: raw }), name).toEqual({ ok: true });
          // The same JSON written another way (unescaped unicode, no `\/`) is other bytes: the signature
          // covers the bytes as sent, never a re-serialisation.
          const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
          if (!reserialised.equals(raw) && !('x-heynow-partner-token' in headers))
            expect(h.adapter.verify({ headers, rawBody: reserialised }).ok, name).toBe(false);
          const r = h.adapter.parse(raw, 'application/json');
          expect(r, name).toMatchObject({ ok: true, events: example.expected });
          if (!r.ok) continue;
          expect(r.rejected, name).toBeUndefined();
          expect(r.events, name).toHaveLength(example.expected.length);
          for (const event of r.events) {
            expect([...Value.Errors(InboundEventSchema, event)].map((e) => `${name} ${e.path}: ${e.message}`)).toEqual(
              [],
            );
            // What people see: text or a file, never a placeholder of the parser's own making.
            const shown = event.kind === 'handoff' ? event.firstMessage : event.kind === 'message' ? event : undefined;
            if (shown) {
              expect((shown.text ?? '').length > 0 || (shown.attachments ?? []).length > 0, name).toBe(true);
              expect(shown.text ?? '', name).not.toMatch(/undefined|\[object Object\]|NaN/);
            }
          }
          const again = h.adapter.parse(Buffer.from(raw), 'application/json');
          const ids = (p: ParseResult) =>
            p.ok ? p.events.map((e) => ('providerMessageId' in e ? e.providerMessageId : undefined)) : [];
          expect(ids(again), name).toEqual(ids(r));
        }
      });

      it('rejects a body that is not JSON', () => {
        const r = h.adapter.parse(Buffer.from('event=message&x=1'), 'application/x-www-form-urlencoded');
        expect(r.ok).toBe(false);
        if (!r.ok) seen(r.reason);
      });
    });

    describe('outbound', () => {
      const lastCall = (action: PeerCall['action']) =>
        h.peer
          .calls()
          .filter((c) => c.action === action)
          .at(-1);
      const message = (content: Extract<OutboundCommand, { kind: 'message' }>['content']): OutboundCommand => ({
        kind: 'message',
        externalConversationId: h.conversationId,
        to: h.conversationId,
        content,
        idempotencyKey: `conf-${Math.random()}`,
      });

      it('sends a text message to the peer with the right auth and returns the provider message id', async () => {
        h.peer.reset();
        const r = keep(await h.adapter.send(message({ type: 'text', text: 'Hola 👋' })));
        expect(r).toMatchObject({ ok: true });
        if (r.ok) expect(r.providerMessageId).toBeTruthy();
        const call = lastCall('message');
        expect(call?.status).toBeLessThan(300);
        expect(call?.authorization).toMatch(h.expectedAuthorization);
        expect(JSON.stringify(call?.body)).toContain('Hola 👋');
      });

      it('sends a template', async () => {
        h.peer.reset();
        const r = keep(
          await h.adapter.send(message({ type: 'template', name: 'reengage', language: 'es', params: ['Ana'] })),
        );
        expect(r.ok).toBe(true);
        expect(JSON.stringify(lastCall('message')?.body)).toContain('reengage');
      });

      if (spec.media === true) {
        it('sends a media message', async () => {
          h.peer.reset();
          const r = keep(
            await h.adapter.send(
              message({
                type: 'media',
                url: 'https://files.example/price.pdf',
                mimeType: 'application/pdf',
                name: 'price.pdf',
                caption: 'Precios',
              }),
            ),
          );
          expect(r.ok).toBe(true);
          expect(JSON.stringify(lastCall('message')?.body)).toContain('https://files.example/price.pdf');
        });
      } else {
        it.skip(`media: skipped: ${spec.media.skip}`, () => {});
        it('refuses media permanently', async () => {
          const r = failed(
            keep(
              await h.adapter.send(
                message({ type: 'media', url: 'https://files.example/a.pdf', mimeType: 'application/pdf' }),
              ),
            ),
          );
          expect(r.retryable).toBe(false);
        });
      }

      if (spec.conversations === true) {
        it('sends attended and endConversation to the peer with the right auth', async () => {
          h.peer.reset();
          expect(
            keep(
              await h.adapter.send({ kind: 'attended', externalConversationId: h.conversationId, agentName: 'Ana' }),
            ),
          ).toMatchObject({ ok: true });
          expect(
            keep(
              await h.adapter.send({
                kind: 'endConversation',
                externalConversationId: h.conversationId,
                reason: 'closed',
              }),
            ),
          ).toMatchObject({ ok: true });
          expect(lastCall('attended')?.authorization).toMatch(h.expectedAuthorization);
          expect(JSON.stringify(lastCall('attended')?.body)).toContain('Ana');
          expect(lastCall('end')?.authorization).toMatch(h.expectedAuthorization);
        });
      } else {
        it.skip(`attended/endConversation over the wire: skipped: ${spec.conversations.skip}`, () => {});
        it('answers attended and endConversation without calling the peer', async () => {
          h.peer.reset();
          for (const command of [
            { kind: 'attended', externalConversationId: h.conversationId, agentName: 'Ana' },
            { kind: 'endConversation', externalConversationId: h.conversationId },
          ] as const) {
            const r = keep(await h.adapter.send(command));
            if (!r.ok) expect(r).toMatchObject({ retryable: false, code: 'not_supported' });
          }
          expect(h.peer.calls()).toHaveLength(0);
        });
      }

      it('reports a 503 as retryable', async () => {
        h.peer.reset();
        h.peer.failNext(503, 1);
        const r = failed(keep(await h.adapter.send(message({ type: 'text', text: 'x' }))));
        expect(r).toMatchObject({ retryable: true, code: 'provider_unavailable', httpStatus: 503 });
      });

      it('reports a 429 as retryable and a 400 as permanent', async () => {
        h.peer.failNext(429, 1);
        expect(failed(keep(await h.adapter.send(message({ type: 'text', text: 'x' }))))).toMatchObject({
          retryable: true,
          code: 'rate_limited',
        });
        h.peer.failNext(400, 1);
        expect(failed(keep(await h.adapter.send(message({ type: 'text', text: 'x' }))))).toMatchObject({
          retryable: false,
          code: 'rejected',
          httpStatus: 400,
        });
      });

      it('reports a network error as retryable and never throws', async () => {
        const adapter = h.withFetch(async () => {
          throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
        });
        const r = failed(keep(await adapter.send(message({ type: 'text', text: 'x' }))));
        expect(r).toMatchObject({ retryable: true, code: 'network_error' });
      });

      it('keeps secrets out of messages even when the transport echoes the request', async () => {
        const adapter = h.withFetch(async (url, init) => {
          throw new Error(`boom ${String(url)} ${JSON.stringify(init?.headers)} ${String(init?.body)}`);
        });
        const r = failed(keep(await adapter.send(message({ type: 'text', text: 'x' }))));
        expect(r.retryable).toBe(true);
        const echo = h.withFetch(
          async (_url, init) =>
            new Response(JSON.stringify({ error: `bad ${JSON.stringify(init?.headers)} ${String(init?.body)}` }), {
              status: 400,
            }),
        );
        keep(await echo.send(message({ type: 'text', text: 'x' })));
      });
    });

    describe('provider error codes', () => {
      const cases = spec.errorCodes ?? { skip: 'this provider documents no error codes beyond HTTP statuses' };
      if (!Array.isArray(cases)) {
        it.skip(`error codes: ${cases.skip}`, () => undefined);
        return;
      }
      const message = (text: string): OutboundCommand => ({
        kind: 'message',
        externalConversationId: h.conversationId,
        to: h.conversationId,
        content: { type: 'text', text },
      });
      it.each(cases)('maps error $code to its outcome and an agent-readable reason', async (c) => {
        expect(h.peer.failNextWithCode, 'the peer must be able to answer an error code').toBeDefined();
        h.peer.reset();
        const title = `Title of ${c.code}`;
        h.peer.failNextWithCode!(c.status, c.code, title);
        const r = failed(keep(await h.adapter.send(message('x'))));
        expect(r).toMatchObject({ retryable: c.expected.retryable, code: c.expected.code, reason: c.expected.reason });
      });

      it('tells an unknown code by its number and title, never the rest of the peer body', async () => {
        h.peer.reset();
        h.peer.failNextWithCode!(400, 987654, 'Some new Meta error');
        const r = failed(keep(await h.adapter.send(message('x'))));
        expect(r.retryable).toBe(false);
        expect(r.reason).toContain('987654');
        expect(r.reason).toContain('Some new Meta error');
        expect(r.reason!.length).toBeLessThanOrEqual(200);
      });
    });

    it('declares a send budget, when it has one, of 1 to 1000 per second on a named sender', () => {
      const budget = h.adapter.sendBudget;
      if (!budget) return;
      expect(budget.key.length).toBeGreaterThan(0);
      expect(budget.perSecond).toBeGreaterThanOrEqual(1);
      expect(budget.perSecond).toBeLessThanOrEqual(1000);
    });

    it('never puts a secret in any reason or message produced above', () => {
      expect(texts.length).toBeGreaterThan(0);
      for (const secret of h.secrets()) {
        for (const text of texts) expect(text.includes(secret), `secret leaked in: ${text.slice(0, 80)}…`).toBe(false);
      }
    });
  });
}
