import { callJson, failure } from '../outbound-http';
import type { ProviderTemplate, TemplateListResult } from '../provider-adapter';
import { knownGraphError } from './error-codes';
import { responses, type GraphTemplateComponent } from './wire';

export interface GraphTemplateDeps {
  fetch: typeof fetch;
  graphBase: string;
  accessToken: string | undefined;
  timeoutMs: number;
  secrets: readonly string[];
}

/** Meta's largest documented page is not certain; 100 keeps a sync of a big account to a few calls. */
const PAGE_SIZE = 100;
/** A peer that always answers "more" must not keep the sync going forever. */
const MAX_PAGES = 50;
const FIELDS = 'name,language,status,category,components';

/**
 * Whether the composer can send it with body parameters only: a header with media or its own placeholder,
 * or a URL button with a placeholder, needs parameters the composer does not collect (Meta would refuse
 * the send), so such templates are listed as not sendable.
 */
function bodyOnly(components: readonly GraphTemplateComponent[]): boolean {
  return components.every((c) => {
    const type = c.type.toUpperCase();
    if (type === 'HEADER') return (c.format ?? 'TEXT').toUpperCase() === 'TEXT' && !/\{\{/.test(c.text ?? '');
    if (type === 'BUTTONS') return (c.buttons ?? []).every((b) => !/\{\{/.test(b.url ?? ''));
    return true;
  });
}

/**
 * `GET /{waba-id}/message_templates`, every page. Pages are followed by the `after` cursor on our own URL
 * rather than by Meta's `paging.next` link, so the sync never calls an address the answer names.
 */
export async function listGraphTemplates(deps: GraphTemplateDeps, wabaId: string): Promise<TemplateListResult> {
  if (!deps.accessToken) return failure('unauthorized', 'the provider has no Graph access token', deps.secrets);
  const templates: ProviderTemplate[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ fields: FIELDS, limit: String(PAGE_SIZE), ...(after ? { after } : {}) });
    const r = await callJson({
      fetch: deps.fetch,
      url: `${deps.graphBase.replace(/\/+$/, '')}/${encodeURIComponent(wabaId)}/message_templates?${query}`,
      method: 'GET',
      headers: { authorization: `Bearer ${deps.accessToken}` },
      timeoutMs: deps.timeoutMs,
      secrets: deps.secrets,
      label: 'WhatsApp Cloud template list',
    });
    if (!r.ok) {
      const known = responses.error.is(r.json) ? knownGraphError(r.json.error.code) : undefined;
      return known ? { ...r.failure, code: known.code, retryable: known.retryable, reason: known.reason } : r.failure;
    }
    if (!responses.templatePage.is(r.json))
      return failure('rejected', 'WhatsApp Cloud template list: the answer is not a list of templates', deps.secrets);
    for (const t of r.json.data) {
      const components = t.components ?? [];
      templates.push({
        name: t.name,
        language: t.language,
        status: t.status.toUpperCase(),
        category: (t.category ?? '').toUpperCase(),
        bodyText: components.find((c) => c.type.toUpperCase() === 'BODY')?.text ?? '',
        sendable: bodyOnly(components),
      });
    }
    after = (r.json.paging?.next ? r.json.paging.cursors?.after : undefined) ?? undefined;
    if (!after) return { ok: true, templates };
  }
  return failure(
    'rejected',
    `WhatsApp Cloud template list: more than ${MAX_PAGES} pages, stopped reading`,
    deps.secrets,
  );
}
