import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJsonResponse, MEDIA_TYPE, routeList } from '@switchboard/protocol';
import { createTestApp, type TestApp } from '../testing/test-app';
import { DOCS_PREFIX } from './openapi';

interface Operation {
  summary?: string;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  parameters?: { name: string; in: string }[];
  security?: Record<string, string[]>[];
  'x-access'?: { roles: unknown; scopes: string[] };
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme?: string; in?: string }> };
}

/** Fastify's `/a/:id` is OpenAPI's `/a/{id}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
/** Schemas as JSON (TypeBox's symbols dropped), for comparing with what the document holds. */
const plain = (schema: unknown) => JSON.parse(JSON.stringify(schema)) as unknown;

describe('the OpenAPI document and the reference page', () => {
  let t: TestApp;
  let doc: Document;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const res = await t.request({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode, res.body).toBe(200);
    doc = res.json() as Document;
  });
  afterAll(() => t.close());

  it('is OpenAPI 3.1 served to anyone, with a cookie scheme for sessions and a bearer scheme for tokens', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie' });
    expect(doc.components.securitySchemes.serviceToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('lists every registered route with its method, its access rule and its body and response schemas', () => {
    const documented = t.routes.filter((r) => !r.url.startsWith(`${DOCS_PREFIX}/`));
    // the reference page's own assets are the only routes left out
    expect(t.routes.length - documented.length).toBeGreaterThan(0);
    expect(documented.length).toBeGreaterThan(40);
    for (const r of documented) {
      const where = `${r.method} ${r.url}`;
      const operation = doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()];
      expect(operation, where).toBeDefined();
      expect(operation!['x-access'], where).toEqual({
        roles: typeof r.access === 'string' ? r.access : [...r.access],
        scopes: [...r.scopes],
      });
      const schemes = (operation!.security ?? []).flatMap((s) => Object.keys(s));
      if (r.access === 'public') expect(schemes, where).toEqual([]);
      else expect(schemes, where).toContain('session');
      if (r.scopes.length > 0) expect(operation!.security, where).toContainEqual({ serviceToken: [...r.scopes] });
      else expect(schemes, where).not.toContain('serviceToken');
    }
  });

  it('holds the TypeBox schema of each route that has one', () => {
    let bodies = 0;
    let responses = 0;
    for (const r of t.routes.filter((x) => !x.url.startsWith(`${DOCS_PREFIX}/`))) {
      const schema = r.schema as { body?: unknown; response?: Record<string, unknown> } | undefined;
      const operation = doc.paths[openApiPath(r.url)]![r.method.toLowerCase()]!;
      const where = `${r.method} ${r.url}`;
      if (schema?.body) {
        bodies++;
        const content = operation.requestBody?.content['application/json'];
        expect(content, where).toBeDefined();
        expect(content!.schema, where).toMatchObject(pickComparable(schema.body));
      }
      for (const [status, response] of Object.entries(schema?.response ?? {})) {
        responses++;
        const content = operation.responses[status]?.content?.['application/json'];
        expect(content, `${where} ${status}`).toBeDefined();
        expect(content!.schema, `${where} ${status}`).toMatchObject(pickComparable(response));
      }
    }
    expect(bodies).toBeGreaterThan(10);
    expect(responses).toBeGreaterThan(10);
  });

  it('describes every entry of the route table with each answer it declares, files and empty answers included', () => {
    for (const entry of routeList) {
      const where = `${entry.method} ${entry.path}`;
      const operation = doc.paths[openApiPath(entry.path)]?.[entry.method.toLowerCase()];
      expect(operation, where).toBeDefined();
      if (entry.summary) expect(operation!.summary, where).toBe(entry.summary);
      expect(Object.keys(operation!.responses).sort(), where).toEqual(Object.keys(entry.responses).sort());
      for (const [status, schema] of Object.entries(entry.responses)) {
        const content = operation!.responses[status]!.content;
        const mediaType = (schema as Record<string, unknown>)[MEDIA_TYPE];
        if (isJsonResponse(schema)) expect(content?.['application/json'], `${where} ${status}`).toBeDefined();
        else if (typeof mediaType === 'string')
          expect(Object.keys(content ?? {}), `${where} ${status}`).toEqual([mediaType]);
        else expect(content, `${where} ${status}`).toBeUndefined();
      }
      if (entry.params) {
        const names = (operation!.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect(names.sort(), where).toEqual(
          Object.keys((entry.params as unknown as { properties: object }).properties).sort(),
        );
      }
      if (entry.body) expect(operation!.requestBody?.content['application/json'], where).toBeDefined();
    }
  });

  it('documents the read API with its query parameters and the interactions:read scope', () => {
    const list = doc.paths['/api/v1/interactions']!.get!;
    expect(list.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['from', 'to', 'campaignId', 'agentId', 'customerNumber', 'status', 'limit', 'cursor']),
    );
    expect(list.security).toContainEqual({ serviceToken: ['interactions:read'] });
    expect(doc.paths['/api/v1/interactions/{id}/transcript']!.get!.security).toContainEqual({
      serviceToken: ['interactions:read'],
    });
  });

  it('includes the webhooks and leaves out the web app catch-all', () => {
    expect(doc.paths['/webhooks/heynow/{providerId}']?.post).toBeDefined();
    expect(doc.paths['/webhooks/whatsapp-cloud/{providerId}']?.get).toBeDefined();
    expect(doc.paths['/*']).toBeUndefined();
  });

  it('serves a readable reference page whose assets are local files the CSP allows', async () => {
    const page = await t.request({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'/);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(3);
    for (const asset of assets) {
      // every asset is a path of ours: nothing is fetched from elsewhere
      expect(asset, asset).toMatch(/^\/api\/docs\/static\//);
      const res = await t.request({ method: 'GET', url: asset });
      expect(res.statusCode, asset).toBe(200);
    }
    // the page loads the document through its own copy
    const json = await t.request({ method: 'GET', url: '/api/docs/json' });
    expect(json.statusCode).toBe(200);
    expect((json.json() as Document).paths['/api/v1/interactions']).toBeDefined();
  });
});

/**
 * What of a route schema survives into the document unchanged: its type and property names (the generator
 * rewrites some keywords, e.g. moves nullability, but never drops a property).
 */
function pickComparable(schema: unknown): Record<string, unknown> {
  const s = plain(schema) as { type?: string; properties?: Record<string, unknown>; required?: string[] };
  const out: Record<string, unknown> = {};
  if (s.type) out.type = s.type;
  if (s.properties) out.properties = Object.fromEntries(Object.keys(s.properties).map((k) => [k, expect.anything()]));
  if (s.required) out.required = s.required;
  return out;
}
