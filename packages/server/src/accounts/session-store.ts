import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@switchboard/protocol';
import type { Kysely } from 'kysely';
import type { DomainBus } from '../events/domain-events';
import { startPeriodicPass } from '../storage/periodic-pass';
import type { Tables } from '../storage/schema';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** What the database keeps of a token: the live channel remembers sockets by it too. */
export const hashToken = hash;

export interface SessionInfo {
  user: SessionUser;
  expiresAt: number;
}

/** Server-side sessions: the cookie holds a random token, the database only its hash. */
export class SessionStore {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly bus?: DomainBus,
  ) {}

  async create(userId: string): Promise<{ token: string; expiresAt: number }> {
    const token = randomBytes(32).toString('base64url');
    const createdAt = this.now();
    const expiresAt = createdAt + this.ttlMs;
    await this.db
      .insertInto('sessions')
      .values({ id_hash: hash(token), user_id: userId, created_at: createdAt, expires_at: expiresAt })
      .execute();
    return { token, expiresAt };
  }

  /** The signed-in user, or null for an unknown, expired or disabled one. */
  async resolve(token: string): Promise<SessionUser | null> {
    return (await this.lookup(token))?.user ?? null;
  }

  /** As `resolve`, with the moment the session ends (the live channel closes its sockets then). */
  async lookup(token: string): Promise<SessionInfo | null> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'users.id',
        'users.username',
        'users.display_name',
        'users.role',
        'users.enabled',
        'sessions.expires_at',
      ])
      .where('sessions.id_hash', '=', hash(token))
      .executeTakeFirst();
    if (!row || row.expires_at <= this.now() || !row.enabled) return null;
    return {
      user: { id: row.id, username: row.username, displayName: row.display_name, role: row.role },
      expiresAt: row.expires_at,
    };
  }

  async destroy(token: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', hash(token)).execute();
    this.bus?.emit('session.ended', { tokenHash: hash(token), userId: null });
  }

  async destroyAllOf(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    this.bus?.emit('session.ended', { tokenHash: null, userId });
  }

  /** Deletes every expired session row; returns how many went. */
  async purgeExpired(): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', this.now()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Purges expired sessions now and then every `everyMs`, so abandoned sign-ins do not pile up (an expired
   * row is already useless: `lookup` refuses it). Returns the function that stops it, which waits for a pass
   * under way (see startPeriodicPass).
   */
  startPurging(everyMs: number, onError: (error: unknown) => void = () => undefined): () => Promise<void> {
    return startPeriodicPass(everyMs, () => this.purgeExpired(), onError);
  }
}
