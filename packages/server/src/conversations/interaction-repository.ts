import { CompiledQuery, sql, type Kysely, type Selectable } from 'kysely';
import { CompiledStatement } from '../storage/compiled-statement';
import { preparedStatementsOf } from '../storage/prepared-statements';
import type { InteractionsTable, Tables } from '../storage/schema';
import { openConversationsOf, type OpenConversation } from './open-conversations';

/**
 * `'closed'` written into the SQL, never bound: the open-conversation index is partial (`status <> 'closed'`),
 * and SQLite can only use it for `status <> ?` by looking at the bound value, which makes it prepare the
 * statement again on every call (about 8× the cost of the lookup itself). A literal keeps one plan.
 */
export const notClosed = sql.lit<InteractionsTable['status']>('closed');

/**
 * The one file that writes the `interactions` table (docs/adr/0008-one-writer-for-interactions.md; the rule is
 * enforced by interaction-repository.test.ts). Every change of owner or status is a conditional UPDATE that
 * names the state it expects, and answers whether it won: a caller that lost a race learns it and lets the
 * router resync, instead of overwriting someone else's change. Each function takes the executor to run on, so
 * the caller decides the transaction.
 */
type Executor = Kysely<Tables>;
type Row = Selectable<InteractionsTable>;

/** Offered and active interactions count toward an agent's cap (offers reserve capacity). */
const HELD = ['offered', 'active'] as const;

const won = (res: { numUpdatedRows: bigint }): boolean => Number(res.numUpdatedRows) === 1;

/**
 * Every write below that changes who holds an interaction, its status or its campaign calls this first: the
 * open-conversation index (SQLite only) must never answer a customer's message with an old owner.
 */
function changing(db: Executor, id: string): void {
  openConversationsOf(db)?.forget(id);
}

const openLookup = new CompiledStatement<{ providerId: string; conversationId: string }, OpenConversation>((db, arg) =>
  db
    .selectFrom('interactions')
    .select(['id', 'campaign_id', 'owner_agent_id'])
    .where('provider_id', '=', arg('providerId'))
    .where('external_conversation_id', '=', arg('conversationId'))
    .where('status', '<>', notClosed),
);

export interface OpenFound {
  open: OpenConversation | undefined;
  /** Call once the transaction the lookup ran in has committed: the index may keep what it read. */
  committed?: () => void;
}

/**
 * The open interaction of a provider conversation, for a customer's message: from the index when it is
 * enabled and knows it, else one compiled select.
 */
export async function findOpenConversation(
  db: Executor,
  providerId: string,
  conversationId: string,
): Promise<OpenFound> {
  const index = openConversationsOf(db);
  const known = index?.get(providerId, conversationId);
  if (known) return { open: known };
  const stamp = index?.stamp() ?? 0;
  const { rows } = await openLookup.execute(db, { providerId, conversationId });
  const open = rows[0];
  if (!open || !index) return { open };
  return { open, committed: () => index.remember(providerId, conversationId, open, stamp) };
}

const bump = { version: sql<number>`version + 1` };

const noTransfer = {
  transfer_from_agent_id: null,
  transfer_to_agent_id: null,
  transfer_requested_at: null,
  transfer_deadline: null,
} as const;

/**
 * Opens an interaction unless one is already open for the provider conversation (a partial unique index);
 * ON CONFLICT DO NOTHING keeps a PostgreSQL transaction usable where catching the violation would not.
 */
export async function insertOnArrival(db: Executor, row: Row): Promise<boolean> {
  const inserted = await db
    .insertInto('interactions')
    .values(row)
    .onConflict((oc) =>
      // A literal, not a parameter: SQLite matches the conflict target to the partial index by its text.
      oc
        .columns(['provider_id', 'external_conversation_id'])
        .where(sql.ref('status'), '<>', sql.lit('closed'))
        .doNothing(),
    )
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export interface CloseWrite {
  reason: string;
  at: number;
  /** Only while this user holds it (an agent's or a supervisor's own close). */
  owner?: string;
  /** The agent's disposition, stored with the close in the same statement. */
  dispositionJson?: string | null;
}

/** Closes an open interaction; false when it was closed already (or is no longer the owner's). */
export async function closeOpen(db: Executor, id: string, close: CloseWrite): Promise<boolean> {
  changing(db, id);
  let q = db
    .updateTable('interactions')
    .set({
      status: 'closed',
      close_reason: close.reason,
      closed_at: close.at,
      ...noTransfer,
      ...(close.dispositionJson ? { disposition_json: close.dispositionJson } : {}),
      ...bump,
    })
    .where('id', '=', id)
    .where('status', '<>', notClosed);
  if (close.owner !== undefined) q = q.where('owner_agent_id', '=', close.owner).where('status', '=', 'active');
  return won(await q.executeTakeFirst());
}

/** The hand-back (endConversation) is sent at most once ever: claim it; false if it was claimed before. */
export async function claimEndSent(db: Executor, id: string): Promise<boolean> {
  return won(
    await db
      .updateTable('interactions')
      .set({ end_sent: 1 })
      .where('id', '=', id)
      .where('end_sent', '=', 0)
      .executeTakeFirst(),
  );
}

/** The provider hears "attended" once per interaction, however many agents it passes through. */
export async function claimAttendedSent(db: Executor, id: string): Promise<boolean> {
  return won(
    await db
      .updateTable('interactions')
      .set({ attended_sent: 1 })
      .where('id', '=', id)
      .where('attended_sent', '=', 0)
      .executeTakeFirst(),
  );
}

/** A customer's text message for `storeCustomerMessages`, its row id already chosen. */
export interface CustomerMessageInput {
  messageId: string;
  providerId: string;
  conversationId: string;
  providerMessageId: string | null;
  body: string | null;
  at: number;
}

/** Per input, in order: the open interaction it went to (none: take the one-by-one path) and whether it was new. */
export type CustomerMessageResult = { open: null } | { open: OpenConversation; stored: boolean };

/**
 * PostgreSQL only: customers' text messages stored in ONE statement run on its own (its own transaction): find
 * each conversation's open interaction, insert the messages of those that have one (a provider message id
 * already stored is skipped, as `ConversationStore.appendMessages` does, and a repeat within the input keeps its
 * first). On PostgreSQL each statement is a round trip through the event loop, and BEGIN, the read, the insert
 * and COMMIT were four of them per batch. The open interaction is read in the statement's snapshot, exactly
 * like the separate read it replaces.
 */
export async function storeCustomerMessages(
  db: Executor,
  inputs: readonly CustomerMessageInput[],
): Promise<CustomerMessageResult[]> {
  if (inputs.length === 0) return [];
  const column = <K extends keyof CustomerMessageInput>(k: K) => inputs.map((m) => m[k]);
  const values = [
    column('messageId'),
    column('providerId'),
    column('conversationId'),
    column('providerMessageId'),
    column('body'),
    column('at'),
  ];
  type Row = {
    interaction_id: string | null;
    campaign_id: string | null;
    owner_agent_id: string | null;
    stored: boolean;
  };
  const prepared = preparedStatementsOf(db);
  const rows = prepared
    ? await prepared<Row>('store_customer_messages', STORE_CUSTOMER_MESSAGES, values)
    : (await db.executeQuery(CompiledQuery.raw(STORE_CUSTOMER_MESSAGES, values) as CompiledQuery<Row>)).rows;
  if (rows.length !== inputs.length) throw new Error(`stored ${inputs.length} messages but got ${rows.length} rows`);
  return rows.map((r) =>
    r.interaction_id === null
      ? { open: null }
      : {
          open: { id: r.interaction_id, campaign_id: r.campaign_id, owner_agent_id: r.owner_agent_id },
          stored: r.stored,
        },
  );
}

/**
 * The statement of `storeCustomerMessages`, written out once: its values come as one array per column, so its
 * text never changes with the batch's size and nothing is built per call. Data-modifying CTEs run exactly once
 * whether or not the final SELECT reads them, all in the statement's one snapshot.
 */
const STORE_CUSTOMER_MESSAGES = `
  with input as (
    select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int8[])
      with ordinality as t(id, provider_id, conversation_id, provider_message_id, body, created_at, ord)
  ),
  open as (
    select i.id, i.provider_id, i.external_conversation_id, i.campaign_id, i.owner_agent_id
    from interactions i
    where i.status <> 'closed'
      and (i.provider_id, i.external_conversation_id) in (select provider_id, conversation_id from input)
  ),
  matched as (
    select t.*, o.id as interaction_id from input t
    join open o on o.provider_id = t.provider_id and o.external_conversation_id = t.conversation_id
  ),
  ins as (
    insert into messages (id, interaction_id, provider_id, provider_message_id, direction, author, agent_id, kind,
                          body, attachments_json, status, error, created_at, status_at)
    select id, interaction_id, provider_id, provider_message_id, 'in', 'customer', null, 'text',
           body, null, null, null, created_at, null
    from matched order by ord
    on conflict (provider_id, provider_message_id) do nothing
    returning id
  )
  select o.id as interaction_id, o.campaign_id, o.owner_agent_id, ins.id is not null as stored
  from input t
  left join open o on o.provider_id = t.provider_id and o.external_conversation_id = t.conversation_id
  left join ins on ins.id = t.id
  order by t.ord`;

/** How many interactions of a campaign the agent holds (offered or active); take-overs are not theirs. */
export async function heldBy(db: Executor, agentId: string, campaignId: string): Promise<number> {
  const held = await db
    .selectFrom('interactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner_agent_id', '=', agentId)
    .where('campaign_id', '=', campaignId)
    .where('status', 'in', HELD)
    .executeTakeFirstOrThrow();
  return Number(held.n);
}

export interface Claim {
  interactionId: string;
  campaignId: string;
  agentId: string;
  /** The campaign cap checked in the database itself, so a stale router cannot exceed it. */
  max: number;
  at: number;
}

/**
 * A waiting interaction becomes offered to or active with the agent, only while the agent is under the cap.
 * The caller serialises changes of one agent's load (decision-writer's lockAgent).
 */
export async function claimWaiting(db: Executor, c: Claim, to: 'offered' | 'active'): Promise<boolean> {
  if ((await heldBy(db, c.agentId, c.campaignId)) >= c.max) return false;
  changing(db, c.interactionId);
  return won(
    await db
      .updateTable('interactions')
      .set({
        status: to,
        owner_agent_id: c.agentId,
        ...(to === 'active' ? { taken_at: c.at } : { offered_at: c.at }),
        ...bump,
      })
      .where('id', '=', c.interactionId)
      .where('status', '=', 'waiting')
      .where('campaign_id', '=', c.campaignId)
      .executeTakeFirst(),
  );
}

/** An offer that came back (declined, expired, withdrawn): waiting again, owned by nobody. */
export async function releaseOffer(db: Executor, id: string, agentId: string): Promise<boolean> {
  changing(db, id);
  return won(
    await db
      .updateTable('interactions')
      .set({ status: 'waiting', owner_agent_id: null, offered_at: null, ...bump })
      .where('id', '=', id)
      .where('status', '=', 'offered')
      .where('owner_agent_id', '=', agentId)
      .executeTakeFirst(),
  );
}

export async function acceptOffer(db: Executor, id: string, agentId: string, at: number): Promise<boolean> {
  changing(db, id);
  return won(
    await db
      .updateTable('interactions')
      .set({ status: 'active', taken_at: at, ...bump })
      .where('id', '=', id)
      .where('status', '=', 'offered')
      .where('owner_agent_id', '=', agentId)
      .executeTakeFirst(),
  );
}

export interface TransferWrite {
  fromAgentId: string;
  toAgentId: string;
  at: number;
  deadline: number | null;
}

/** The transferring agent keeps it (and its load) until the target accepts. */
export async function requestTransfer(db: Executor, id: string, t: TransferWrite): Promise<boolean> {
  return won(
    await db
      .updateTable('interactions')
      .set({
        transfer_from_agent_id: t.fromAgentId,
        transfer_to_agent_id: t.toAgentId,
        transfer_requested_at: t.at,
        transfer_deadline: t.deadline,
        ...bump,
      })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .where('owner_agent_id', '=', t.fromAgentId)
      .executeTakeFirst(),
  );
}

export async function acceptTransfer(
  db: Executor,
  id: string,
  fromAgentId: string,
  toAgentId: string,
): Promise<boolean> {
  changing(db, id);
  return won(
    await db
      .updateTable('interactions')
      .set({ owner_agent_id: toAgentId, ...noTransfer, ...bump })
      .where('id', '=', id)
      .where('owner_agent_id', '=', fromAgentId)
      .where('status', '=', 'active')
      .executeTakeFirst(),
  );
}

/** A transfer returned (declined, timed out, target logged out): the transferring agent simply keeps it. */
export async function clearTransfer(db: Executor, id: string): Promise<void> {
  await db
    .updateTable('interactions')
    .set({ ...noTransfer, ...bump })
    .where('id', '=', id)
    .execute();
}

/** Queues in another campaign; `entered_at` is kept, so it keeps its place by entry time. */
export async function moveToCampaign(db: Executor, id: string, toCampaignId: string): Promise<boolean> {
  changing(db, id);
  return won(
    await db
      .updateTable('interactions')
      .set({ campaign_id: toCampaignId, status: 'waiting', owner_agent_id: null, ...noTransfer, ...bump })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst(),
  );
}

/** A supervisor takes it from its agent: still active, now held by staff (owner_agent_id + taken_over_at). */
export async function takeOver(
  db: Executor,
  id: string,
  fromAgentId: string,
  staffId: string,
  at: number,
): Promise<boolean> {
  changing(db, id);
  return won(
    await db
      .updateTable('interactions')
      .set({ owner_agent_id: staffId, taken_over_at: at, ...noTransfer, ...bump })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .where('owner_agent_id', '=', fromAgentId)
      .where('taken_over_at', 'is', null)
      .executeTakeFirst(),
  );
}

/** The staff member hands it back to the campaign queue (entry time kept). */
export async function releaseToQueue(db: Executor, id: string, staffId: string): Promise<boolean> {
  changing(db, id);
  return won(
    await db
      .updateTable('interactions')
      .set({ status: 'waiting', owner_agent_id: null, taken_over_at: null, offered_at: null, ...bump })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .where('owner_agent_id', '=', staffId)
      .where('taken_over_at', 'is not', null)
      .executeTakeFirst(),
  );
}

/**
 * An active interaction changes hands by a supervisor's decision (a move, or a release after a take-over) to
 * an agent under the campaign cap. `fromOwner` is the current holder the router expects.
 */
export async function handOver(
  db: Executor,
  c: Claim & { fromOwner: string; fromTakeOver: boolean },
): Promise<boolean> {
  if ((await heldBy(db, c.agentId, c.campaignId)) >= c.max) return false;
  changing(db, c.interactionId);
  return won(
    await db
      .updateTable('interactions')
      .set({ owner_agent_id: c.agentId, taken_over_at: null, taken_at: c.at, ...noTransfer, ...bump })
      .where('id', '=', c.interactionId)
      .where('status', '=', 'active')
      .where('campaign_id', '=', c.campaignId)
      .where('owner_agent_id', '=', c.fromOwner)
      .where('taken_over_at', c.fromTakeOver ? 'is not' : 'is', null)
      .executeTakeFirst(),
  );
}

/** Active interactions whose pending transfer targets this agent (indexed on transfer_to_agent_id). */
export function incomingTransfers(db: Executor, agentId: string): Promise<Row[]> {
  return db
    .selectFrom('interactions')
    .selectAll()
    .where('transfer_to_agent_id', '=', agentId)
    .where('status', '=', 'active')
    .execute();
}
