import type {
  Attachment,
  ConversationMessage,
  InteractionSummary,
  MessagePreview,
  TimelineEvent,
  TimelineFacts,
} from '@switchboard/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { InteractionsTable, MessagesTable, Tables } from '../../storage/schema';
import { lastCustomerMessageTimes } from '../last-customer-message';
import { parseStored, readDisposition, readTimelineDetail } from '../../storage/json-columns';

type Row = Selectable<InteractionsTable>;

/** Reads rows into the API's shapes, resolving names in batches (no query per row). */
export async function summaries(db: Kysely<Tables>, rows: Row[]): Promise<InteractionSummary[]> {
  if (rows.length === 0) return [];
  const campaignIds = [...new Set(rows.map((r) => r.campaign_id).filter((id): id is string => !!id))];
  const providerIds = [...new Set(rows.map((r) => r.provider_id))];
  const agentIds = [...new Set(rows.map((r) => r.owner_agent_id).filter((id): id is string => !!id))];
  const [campaigns, providers, agents, lastCustomerAt] = await Promise.all([
    campaignIds.length
      ? db.selectFrom('campaigns').select(['id', 'name']).where('id', 'in', campaignIds).execute()
      : [],
    db.selectFrom('providers').select(['id', 'platform_id', 'channel']).where('id', 'in', providerIds).execute(),
    agentIds.length ? db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', agentIds).execute() : [],
    lastCustomerMessageTimes(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  const campaignName = new Map(campaigns.map((c) => [c.id, c.name]));
  const platform = new Map(providers.map((p) => [p.id, p.platform_id]));
  const channel = new Map(providers.map((p) => [p.id, p.channel]));
  const agentName = new Map(agents.map((a) => [a.id, a.display_name]));
  return rows.map((r) => {
    return {
      id: r.id,
      campaignId: r.campaign_id,
      campaignName: r.campaign_id ? (campaignName.get(r.campaign_id) ?? null) : null,
      providerId: r.provider_id,
      platformId: platform.get(r.provider_id) ?? null,
      ...(channel.has(r.provider_id) ? { channel: channel.get(r.provider_id) } : {}),
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
      lastCustomerMessageAt: lastCustomerAt.get(r.id) ?? null,
      pendingTransferTo: r.transfer_to_agent_id,
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
    status: m.status ?? null,
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
  const entries = rows.map((e) => ({ row: e, detail: e.detail_json ? readTimelineDetail(e.detail_json) : null }));
  // Every person and campaign the entries name, resolved in two queries.
  const userIds = new Set<string>();
  const campaignIds = new Set<string>();
  for (const { row, detail } of entries) {
    if (row.agent_id) userIds.add(row.agent_id);
    if (row.campaign_id) campaignIds.add(row.campaign_id);
    for (const id of [detail?.fromAgentId, detail?.toAgentId, detail?.byUserId]) if (id) userIds.add(id);
    if (detail?.fromCampaignId) campaignIds.add(detail.fromCampaignId);
    const ex = detail?.explanation;
    for (const id of [ex?.chosen, ex?.after, ...(ex?.excluded.map((x) => x.agentId) ?? [])]) if (id) userIds.add(id);
  }
  const [users, campaigns] = await Promise.all([
    userIds.size > 0
      ? db
          .selectFrom('users')
          .select(['id', 'display_name'])
          .where('id', 'in', [...userIds])
          .execute()
      : [],
    campaignIds.size > 0
      ? db
          .selectFrom('campaigns')
          .select(['id', 'name'])
          .where('id', 'in', [...campaignIds])
          .execute()
      : [],
  ]);
  const userName = new Map(users.map((u) => [u.id, u.display_name]));
  const campaignName = new Map(campaigns.map((c) => [c.id, c.name]));
  // A deleted user or campaign leaves only its id to show.
  const person = (id: string) => userName.get(id) ?? id;

  return entries.map(({ row, detail }) => {
    const facts: TimelineFacts = {};
    if (detail?.reason) facts.reason = detail.reason;
    if (detail?.fromAgentId) facts.fromAgentName = person(detail.fromAgentId);
    if (detail?.toAgentId) facts.toAgentName = person(detail.toAgentId);
    if (detail?.byUserId) facts.byName = person(detail.byUserId);
    if (detail?.fromCampaignId)
      facts.fromCampaignName = campaignName.get(detail.fromCampaignId) ?? detail.fromCampaignId;
    if (detail?.bySupervisor) facts.bySupervisor = true;
    const levels = [detail?.disposition?.l1, detail?.disposition?.l2, detail?.disposition?.l3].filter(
      (l): l is string => !!l,
    );
    if (levels.length > 0) facts.disposition = levels;
    const ex = detail?.explanation;
    if (ex) {
      facts.explanation = {
        strategy: ex.strategy,
        deliveryMode: ex.deliveryMode,
        phase: ex.phase,
        considered: ex.considered,
        eligible: ex.eligible,
        chosenName: ex.chosen === null ? null : person(ex.chosen),
        tieBreak: ex.tieBreak,
        afterName: ex.after === null ? null : person(ex.after),
        waitingAhead: ex.waitingAhead,
        excluded: ex.excluded.map((x) => ({
          name: person(x.agentId),
          code: x.code,
          ...(x.reason === undefined ? {} : { reason: x.reason }),
        })),
        excludedCount: ex.excludedCount,
      };
    }
    return {
      at: row.at,
      type: row.type,
      campaignId: row.campaign_id,
      agentId: row.agent_id,
      text: detail?.text ?? detail?.reason ?? null,
      agentName: row.agent_id ? (userName.get(row.agent_id) ?? null) : null,
      campaignName: row.campaign_id ? (campaignName.get(row.campaign_id) ?? null) : null,
      facts,
    };
  });
}

/** The disposition levels stored on a closed interaction, outermost first (none when nothing or damage is stored). */
export function dispositionLevels(json: string | null): string[] {
  if (!json) return [];
  try {
    const d = readDisposition(json);
    return [d.l1, d.l2, d.l3].filter((l): l is string => !!l);
  } catch {
    return [];
  }
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
    list = parseStored(json);
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

const PREVIEW_CHARS = 160;

/**
 * What the inbox cards need to signal new work, for a handful of interactions in two queries: each one's
 * newest message between people (whispers, events and automatic notices such as the welcome left out, so a
 * customer answered only by the welcome still waits for a reply) and how many customer messages it holds.
 */
export async function inboxSignals(
  db: Kysely<Tables>,
  interactionIds: readonly string[],
): Promise<Map<string, { lastMessage: MessagePreview | null; customerMessages: number }>> {
  const out = new Map<string, { lastMessage: MessagePreview | null; customerMessages: number }>();
  if (interactionIds.length === 0) return out;
  const ids = [...new Set(interactionIds)];
  for (const id of ids) out.set(id, { lastMessage: null, customerMessages: 0 });
  const [counts, newest] = await Promise.all([
    db
      .selectFrom('messages')
      .select(['interaction_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('interaction_id', 'in', ids)
      .where('direction', '=', 'in')
      .groupBy('interaction_id')
      .execute(),
    db
      .selectFrom('messages as m')
      .select(['m.interaction_id', 'm.direction', 'm.author', 'm.body', 'm.attachments_json', 'm.created_at', 'm.id'])
      .where('m.interaction_id', 'in', ids)
      .where('m.direction', 'in', ['in', 'out'])
      .where('m.author', '<>', 'system')
      .where((eb) =>
        eb(
          'm.created_at',
          '=',
          eb
            .selectFrom('messages as l')
            .select((l) => l.fn.max('l.created_at').as('at'))
            .whereRef('l.interaction_id', '=', 'm.interaction_id')
            .where('l.direction', 'in', ['in', 'out'])
            .where('l.author', '<>', 'system'),
        ),
      )
      .orderBy('m.id')
      .execute(),
  ]);
  for (const c of counts) {
    const entry = out.get(c.interaction_id);
    if (entry) entry.customerMessages = Number(c.n);
  }
  // Two messages stored in the same millisecond: the one with the greater id wins, so the answer is stable.
  for (const m of newest) {
    const entry = out.get(m.interaction_id);
    if (!entry) continue;
    const text = m.body?.trim() ? m.body.trim().slice(0, PREVIEW_CHARS) : null;
    entry.lastMessage = {
      direction: m.direction === 'in' ? 'in' : 'out',
      author: m.author as MessagePreview['author'],
      text,
      attachmentType: attachmentsOf(m.attachments_json)[0]?.mimeType ?? null,
      at: m.created_at,
    };
  }
  return out;
}
