import { describe, expect, it } from 'vitest';
import { listGraphTemplates } from './templates';

const TOKEN = 'EAAG-list-templates';

/** A Graph double answering every template list request with `answer(n)` for the n-th call. */
function graph(answer: (call: number, url: URL) => { status: number; body: unknown }) {
  const urls: URL[] = [];
  const fetch = (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    urls.push(url);
    const { status, body } = answer(urls.length, url);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return {
    urls,
    deps: { fetch, graphBase: 'https://graph.test/v21.0/', accessToken: TOKEN, timeoutMs: 1000, secrets: [TOKEN] },
  };
}

describe('listing the business account templates', () => {
  it('marks templates needing header or button parameters as not sendable', async () => {
    const g = graph(() => ({
      status: 200,
      body: {
        data: [
          { name: 'plain', language: 'es', status: 'approved', components: [{ type: 'BODY', text: 'Hola {{1}}' }] },
          {
            name: 'text_header',
            language: 'es',
            status: 'APPROVED',
            components: [{ type: 'HEADER', format: 'TEXT', text: 'Aviso' }],
          },
          {
            name: 'header_var',
            language: 'es',
            status: 'APPROVED',
            components: [{ type: 'HEADER', format: 'TEXT', text: 'Hola {{1}}' }],
          },
          { name: 'video', language: 'es', status: 'APPROVED', components: [{ type: 'HEADER', format: 'VIDEO' }] },
          {
            name: 'url_button',
            language: 'es',
            status: 'APPROVED',
            components: [{ type: 'BUTTONS', buttons: [{ type: 'URL', url: 'https://x.test/{{1}}' }] }],
          },
        ],
      },
    }));
    const result = await listGraphTemplates(g.deps, '123');
    expect(result.ok && result.templates.map((t) => [t.name, t.sendable, t.status, t.bodyText])).toEqual([
      ['plain', true, 'APPROVED', 'Hola {{1}}'],
      ['text_header', true, 'APPROVED', ''],
      ['header_var', false, 'APPROVED', ''],
      ['video', false, 'APPROVED', ''],
      ['url_button', false, 'APPROVED', ''],
    ]);
    expect(g.urls[0]!.pathname).toBe('/v21.0/123/message_templates');
  });

  it('stops reading a peer that always says there is another page', async () => {
    const g = graph((n) => ({
      status: 200,
      body: { data: [], paging: { cursors: { after: `c${n}` }, next: 'https://elsewhere.test/next' } },
    }));
    const result = await listGraphTemplates(g.deps, '123');
    expect(result).toMatchObject({ ok: false, code: 'rejected', retryable: false });
    expect(g.urls).toHaveLength(50);
    // Meta's `next` link is never followed: every call is to our own Graph base.
    expect(g.urls.every((u) => u.host === 'graph.test')).toBe(true);
  });

  it('refuses an answer that is not a template list, and never echoes the token', async () => {
    const g = graph(() => ({ status: 200, body: { data: 'nope', token: TOKEN } }));
    const result = await listGraphTemplates(g.deps, '123');
    expect(result).toMatchObject({ ok: false, code: 'rejected' });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('keeps throughput limits retryable', async () => {
    const g = graph(() => ({ status: 400, body: { error: { code: 80007, message: 'rate limit' } } }));
    expect(await listGraphTemplates(g.deps, '123')).toMatchObject({ ok: false, code: 'rate_limited', retryable: true });
  });
});
