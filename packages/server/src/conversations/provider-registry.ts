import type { Kysely } from 'kysely';
import type { ProviderCredentials } from '../admin/provider-service';
import { DomainError } from '../errors';
import { createProviderAdapter, type ProviderAdapter, type ProviderConfig } from '../providers';
import { guardedFetch } from '../providers/outbound-fetch';
import type { OutboundGuard } from '../providers/outbound-guard';
import type { Tables } from '../storage/schema';

export interface ProviderRegistryOptions {
  /** Opens the provider's secret (ProviderService.credentials); throws not_found for an unknown id. */
  credentials: (id: string) => Promise<ProviderCredentials>;
  /** Every adapter's calls go through it: checked URL and resolved address, no redirects. */
  guard: OutboundGuard;
  /** A substitute transport (tests); the guard's URL check still applies. */
  fetch?: typeof fetch;
  now?: () => number;
  /**
   * With a database, the registry compares the providers' `updated_at` at most this often (in the background,
   * never on the request path) and drops adapters whose provider changed or vanished — edits made on another
   * node, or through a path that forgot to call invalidate(). Default 2 s.
   */
  db?: Kysely<Tables>;
  revalidateMs?: number;
}

interface Entry {
  adapter: ProviderAdapter;
  updatedAt: number | null;
}

/**
 * One adapter per provider id, built from the decrypted credentials once and reused, so the webhook path and
 * the outbox worker do not touch the providers table per request.
 */
export class ProviderRegistry {
  private readonly cache = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<ProviderAdapter | undefined>>();
  private generation = 0;
  private lastCheck = 0;
  private checking: Promise<void> | null = null;
  private readonly now: () => number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ProviderRegistryOptions) {
    this.now = options.now ?? Date.now;
    this.fetch = guardedFetch(options.guard, options.fetch);
  }

  /** The provider's adapter, or undefined when no such provider exists. */
  get(id: string): Promise<ProviderAdapter | undefined> {
    this.revalidateSoon();
    const entry = this.cache.get(id);
    if (entry) return Promise.resolve(entry.adapter);
    let pending = this.loading.get(id);
    if (!pending) {
      pending = this.load(id).finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  /** The provider was edited or removed: the next use rebuilds its adapter from fresh credentials. */
  invalidate(id: string): void {
    this.generation++;
    this.cache.delete(id);
  }

  invalidateAll(): void {
    this.generation++;
    this.cache.clear();
  }

  private async load(id: string): Promise<ProviderAdapter | undefined> {
    const generation = this.generation;
    let credentials: ProviderCredentials;
    try {
      credentials = await this.options.credentials(id);
    } catch (error) {
      // Unknown ids are not cached: anyone can post to any id, and the map must not grow with them.
      if (error instanceof DomainError && error.code === 'not_found') return undefined;
      throw error;
    }
    const updatedAt = await this.updatedAtOf(id);
    const adapter = createProviderAdapter(toConfig(credentials), { fetch: this.fetch, now: this.now });
    if (generation === this.generation) this.cache.set(id, { adapter, updatedAt });
    return adapter;
  }

  private async updatedAtOf(id: string): Promise<number | null> {
    if (!this.options.db) return null;
    const row = await this.options.db
      .selectFrom('providers')
      .select('updated_at')
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? Number(row.updated_at) : null;
  }

  private revalidateSoon(): void {
    const db = this.options.db;
    if (!db || this.checking || this.cache.size === 0) return;
    const at = this.now();
    if (at - this.lastCheck < (this.options.revalidateMs ?? 2000)) return;
    this.lastCheck = at;
    this.checking = db
      .selectFrom('providers')
      .select(['id', 'updated_at'])
      .execute()
      .then((rows) => {
        const current = new Map(rows.map((r) => [r.id, Number(r.updated_at)]));
        for (const [id, entry] of this.cache) {
          if (current.get(id) !== entry.updatedAt) this.invalidate(id);
        }
      })
      .catch(() => undefined)
      .finally(() => {
        this.checking = null;
      });
  }
}

function toConfig(c: ProviderCredentials): ProviderConfig {
  return {
    id: c.id,
    kind: c.kind,
    channel: c.channel,
    platformId: c.platformId,
    secret: c.secret,
    ...(c.domain !== null ? { domain: c.domain } : {}),
    ...(c.username !== null ? { username: c.username } : {}),
    ...(c.wabaId ? { wabaId: c.wabaId } : {}),
    ...(c.accessToken ? { accessToken: c.accessToken } : {}),
    ...(c.verifyToken ? { verifyToken: c.verifyToken } : {}),
    ...(c.messagesPerSecond !== undefined ? { messagesPerSecond: c.messagesPerSecond } : {}),
  };
}
