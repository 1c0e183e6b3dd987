import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  SERVICE_TOKEN_SCOPES,
  type ServiceToken,
  type ServiceTokenCreate,
  type ServiceTokenCreated,
  type ServiceTokenScope,
} from '@switchboard/protocol';
import type { Kysely, Selectable } from 'kysely';
import { notFound } from '../errors';
import type { Actor, AuditTarget, AuditWriter } from '../supervision/audit-log';
import type { ServiceTokensTable, Tables } from '../storage/schema';
import { readArray } from '../storage/json-columns';

/** Who is calling with a valid token: what the access rule and the handlers need, nothing more. */
export interface ServiceTokenCaller {
  id: string;
  name: string;
  scopes: readonly ServiceTokenScope[];
}

/** A prefix makes a leaked token recognisable to secret scanners and to a person reading a config file. */
const PREFIX = 'sbt_';
/** last_used_at is a hint for the admin list, not a log: write it at most once a minute per token. */
const LAST_USED_RESOLUTION_MS = 60_000;

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

function scopesOf(json: string): ServiceTokenScope[] {
  return readArray(json).filter((s): s is ServiceTokenScope => SERVICE_TOKEN_SCOPES.includes(s as ServiceTokenScope));
}

const target = (row: { id: string; name: string }): AuditTarget => ({
  kind: 'service_token',
  id: row.id,
  name: row.name,
});

/**
 * Named API tokens for server-to-server callers. The token is 256 random bits, shown once in the create
 * answer; the database keeps only its SHA-256, so a call is recognised by one unique-index lookup (a hash of
 * that much entropy needs no slow password hash). Creating and revoking are audited in their transaction.
 */
export class ServiceTokenService {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly now: () => number,
    private readonly audit: AuditWriter,
  ) {}

  async create(input: ServiceTokenCreate, actor: Actor): Promise<ServiceTokenCreated> {
    const token = PREFIX + randomBytes(32).toString('base64url');
    const row: Selectable<ServiceTokensTable> = {
      id: randomUUID(),
      name: input.name.trim(),
      token_hash: hashOf(token),
      scopes_json: JSON.stringify([...new Set(input.scopes)]),
      created_at: this.now(),
      created_by: actor.username,
      last_used_at: null,
      revoked_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('service_tokens').values(row).execute();
      await this.audit.write(trx, {
        action: 'service_token.created',
        actor,
        target: target(row),
        detail: `scopes: ${scopesOf(row.scopes_json).join(', ')}`,
      });
    });
    return { ...toApi(row), token };
  }

  async list(): Promise<ServiceToken[]> {
    const rows = await this.db.selectFrom('service_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toApi);
  }

  /** Revoking is immediate (the next call is 401) and idempotent; the row stays, listed as revoked. */
  async revoke(id: string, actor: Actor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('service_tokens')
        .select(['id', 'name', 'revoked_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) throw notFound('Service token', id);
      if (row.revoked_at !== null) return;
      await trx.updateTable('service_tokens').set({ revoked_at: this.now() }).where('id', '=', id).execute();
      await this.audit.write(trx, { action: 'service_token.revoked', actor, target: target(row) });
    });
  }

  /** The caller a bearer token stands for, or null when it is unknown or revoked. */
  async resolve(token: string): Promise<ServiceTokenCaller | null> {
    if (!token.startsWith(PREFIX) || token.length > 200) return null;
    const row = await this.db
      .selectFrom('service_tokens')
      .select(['id', 'name', 'scopes_json', 'last_used_at', 'revoked_at'])
      .where('token_hash', '=', hashOf(token))
      .executeTakeFirst();
    if (!row || row.revoked_at !== null) return null;
    const now = this.now();
    if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_RESOLUTION_MS) {
      await this.db.updateTable('service_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
    }
    return { id: row.id, name: row.name, scopes: scopesOf(row.scopes_json) };
  }
}

function toApi(row: Selectable<ServiceTokensTable>): ServiceToken {
  return {
    id: row.id,
    name: row.name,
    scopes: scopesOf(row.scopes_json),
    createdAt: Number(row.created_at),
    createdBy: row.created_by,
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}
