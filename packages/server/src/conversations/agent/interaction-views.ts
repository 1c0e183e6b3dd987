import type { Attachment, ConversationMessage, InteractionSummary, TimelineEvent } from '@switchboard/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { InteractionsTable, MessagesTable, Tables } from '../../storage/schema';

type Row = Selectable<InteractionsTable>;

/** Reads rows into the API's shapes, resolving names in batches (no query per row). */
export async function summaries(db: Kysely<Tables>, rows: Row[]): Promise<InteractionSummary[]> {
  if (rows.length === 0) return [];
  const campaignIds = [...new Set(rows.map((r) => r.campaign_id).filter((id): id is string => !!id))];
  const providerIds = [...new Set(rows.map((r) => r.provider_id))];
  const agentIds = [...new Set(rows.map((r) => r.owner_agent_id).filter((id): id is string => !!id))];
  const [campaigns, providers, agents] = await Promise.all([
    campaignIds.length
      ? db.selectFrom('campaigns').select(['id', 'name']).where('id', 'in', campaignIds).execute()
      : [],
    db.selectFrom('providers').select(['id', 'platform_id']).where('id', 'in', providerIds).execute(),
    agentIds.length ? db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', agentIds).execute() : [],
  ]);
  const campaignName = new Map(campaigns.map((c) => [c.id, c.name]));
  const platform = new Map(providers.map((p) => [p.id, p.platform_id]));
  const agentName = new Map(agents.map((a) => [a.id, a.display_name]));
  return rows.map((r) => {
    const transfer = r.transfer_json ? (JSON.parse(r.transfer_json) as { toAgentId?: string }) : null;
    return {
      id: r.id,
      campaignId: r.campaign_id,
      campaignName: r.campaign_id ? (campaignName.get(r.campaign_id) ?? null) : null,
      providerId: r.provider_id,
      platformId: platform.get(r.provider_id) ?? null,
      customerNumber: r.customer_number,
      customerName: r.customer_name,
      skill: r.skill,
      status: r.status as InteractionSummary['status'],
      closeReason: r.close_reason,
      ownerAgentId: r.owner_agent_id,
      ownerName: r.owner_agent_id ? (agentName.get(r.owner_agent_id) ?? null) : null,
      createdAt: r.created_at,
      enteredAt: r.entered_at,
      takenAt: r.taken_at,
      closedAt: r.closed_at,
      lastCustomerMessageAt: r.last_customer_message_at,
      pendingTransferTo: transfer?.toAgentId ?? null,
    };
  });
}

export async function messagesOf(
  db: Kysely<Tables>,
  rows: Selectable<MessagesTable>[],
): Promise<ConversationMessage[]> {
  const agentIds = [...new Set(rows.map((r) => r.agent_id).filter((id): id is string => !!id))];
  const agents = agentIds.length
    ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', agentIds).execute()
    : [];
  const name = new Map(agents.map((a) => [a.id, a.display_name]));
  return rows.map((m) => ({
    id: m.id,
    interactionId: m.interaction_id,
    direction: m.direction as ConversationMessage['direction'],
    author: m.author as ConversationMessage['author'],
    agentId: m.agent_id,
    authorName: m.agent_id ? (name.get(m.agent_id) ?? null) : null,
    kind: m.kind,
    text: m.body,
    attachments: attachmentsOf(m.attachments_json),
    status: (m.status as ConversationMessage['status']) ?? null,
    error: m.error,
    createdAt: m.created_at,
  }));
}

export async function timelineOf(db: Kysely<Tables>, interactionId: string): Promise<TimelineEvent[]> {
  const rows = await db
    .selectFrom('interaction_events')
    .selectAll()
    .where('interaction_id', '=', interactionId)
    .orderBy('id')
    .execute();
  return rows.map((e) => {
    const detail = e.detail_json ? (JSON.parse(e.detail_json) as { text?: string; reason?: string }) : null;
    return {
      at: e.at,
      type: e.type,
      campaignId: e.campaign_id,
      agentId: e.agent_id,
      text: detail?.text ?? detail?.reason ?? null,
    };
  });
}

/**
 * A message's attachments in the API's shape, whatever was stored: older rows kept the provider's raw form
 * (base64 or a media id, no URL). Anything without a URL is a placeholder, so one odd message can never make
 * a conversation unreadable.
 */
export function attachmentsOf(json: string | null): Attachment[] {
  if (!json) return [];
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [];
  return list.flatMap((raw): Attachment[] => {
    if (typeof raw !== 'object' || raw === null) return [];
    const a = raw as Record<string, unknown>;
    const url = typeof a.url === 'string' && a.url !== '' ? a.url : null;
    const out: Attachment = {
      url,
      mimeType: typeof a.mimeType === 'string' && a.mimeType !== '' ? a.mimeType : 'application/octet-stream',
    };
    if (typeof a.id === 'string' && a.id !== '' && a.id.length <= 64) out.id = a.id;
    if (url === null) out.state = a.state === 'failed' ? 'failed' : 'pending';
    if (url === null && out.state === 'failed' && typeof a.reason === 'string') out.reason = a.reason.slice(0, 300);
    if (typeof a.name === 'string') out.name = a.name;
    if (typeof a.size === 'number' && Number.isInteger(a.size) && a.size >= 0) out.size = a.size;
    return [out];
  });
}
