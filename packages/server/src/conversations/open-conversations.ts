import type { Kysely } from 'kysely';
import type { InteractionsTable, Tables } from '../storage/schema';

/** What a customer's message needs of its open interaction: where it goes and whom it is pushed to. */
export type OpenConversation = Pick<InteractionsTable, 'id' | 'campaign_id' | 'owner_agent_id'>;

/**
 * Open interactions by provider conversation, so a customer's message skips the lookup select. Correct only
 * where every write of the interactions table passes through this process's one connection — SQLite, one
 * process (config refuses REDIS_URL without DATABASE_URL) — so it is enabled for SQLite only.
 *
 * Two rules keep it right:
 * - every write that changes an interaction's status, owner or campaign forgets that interaction first
 *   (interaction-repository.ts, the one writer); a write rolled back later only costs a miss;
 * - an entry is remembered only after the transaction that read it committed, and only if no interaction was
 *   written since that read: a row read inside a transaction may be that transaction's own uncommitted write.
 */
export class OpenConversations {
  private readonly byKey = new Map<string, OpenConversation>();
  private readonly keyById = new Map<string, string>();
  /** Counts forgets: a read taken at an older count may have seen a row changed since. */
  private writes = 0;

  constructor(private readonly max = 100_000) {}

  get(providerId: string, externalConversationId: string): OpenConversation | undefined {
    return this.byKey.get(keyOf(providerId, externalConversationId));
  }

  /** Taken before reading the database; pass it to `remember` with what the read found. */
  stamp(): number {
    return this.writes;
  }

  /** Call once the transaction the read ran in has committed. */
  remember(providerId: string, externalConversationId: string, open: OpenConversation, stamp: number): void {
    if (stamp !== this.writes) return;
    // Open interactions of a very busy server only: start over rather than track recency.
    if (this.byKey.size >= this.max) this.clear();
    const key = keyOf(providerId, externalConversationId);
    this.byKey.set(key, { id: open.id, campaign_id: open.campaign_id, owner_agent_id: open.owner_agent_id });
    this.keyById.set(open.id, key);
  }

  forget(interactionId: string): void {
    this.writes++;
    const key = this.keyById.get(interactionId);
    if (key === undefined) return;
    this.keyById.delete(interactionId);
    this.byKey.delete(key);
  }

  get size(): number {
    return this.byKey.size;
  }

  private clear(): void {
    this.byKey.clear();
    this.keyById.clear();
  }
}

const keyOf = (providerId: string, externalConversationId: string) => `${providerId}\u0000${externalConversationId}`;

/** By Kysely dialect adapter: one per database, shared by its transactions (each a new Kysely object). */
const indexes = new WeakMap<object, OpenConversations>();

/** Turns the index on for this database. Only for a database no other process or connection writes. */
export function enableOpenConversations(db: Kysely<Tables>): OpenConversations {
  const adapter = db.getExecutor().adapter;
  let index = indexes.get(adapter);
  if (!index) {
    index = new OpenConversations();
    indexes.set(adapter, index);
  }
  return index;
}

/** The index of this database (or of the database this transaction belongs to), if enabled. */
export function openConversationsOf(db: Kysely<Tables>): OpenConversations | undefined {
  return indexes.get(db.getExecutor().adapter);
}
