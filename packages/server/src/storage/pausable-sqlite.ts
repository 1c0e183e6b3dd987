import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

/**
 * Kysely's SQLite driver with a way to hold its single connection idle for a while (the checkpointer empties
 * the WAL meanwhile). The driver's own lock is not first-come first-served: under a steady stream of
 * transactions a waiter may lose every race (measured: 13 s). So new acquisitions queue behind a gate here,
 * and `exclusive` only has to outwait the few that were already past it.
 */
export class PausableSqliteDriver extends SqliteDriver {
  private gate: Promise<void> | null = null;

  override async acquireConnection(): Promise<DatabaseConnection> {
    while (this.gate) await this.gate;
    return super.acquireConnection();
  }

  /** Runs `fn` while no query or transaction of this driver is running, and none can start. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.gate) await this.gate;
    let open!: () => void;
    this.gate = new Promise<void>((resolve) => (open = resolve));
    try {
      await super.acquireConnection();
      try {
        return await fn();
      } finally {
        await super.releaseConnection();
      }
    } finally {
      this.gate = null;
      open();
    }
  }
}

export class PausableSqliteDialect extends SqliteDialect {
  readonly driver: PausableSqliteDriver;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.driver = new PausableSqliteDriver(config);
  }

  override createDriver(): Driver {
    return this.driver;
  }
}
