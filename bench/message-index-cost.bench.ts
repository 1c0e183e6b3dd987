// What full-text indexing costs per ingested message on SQLite: CPU per message of storing messages one per
// transaction (what group commit gives when they arrive one at a time), on two file-backed databases migrated
// alike. Baseline: the old way, an FTS5 insert trigger on `messages` (migration 0004), so each COMMIT writes an
// FTS5 segment. Measured: no trigger (migration 0023), plus the batch indexer's catch-up after every round,
// which is what its one-second timer does at about `--per-round` messages a second. Rounds alternate between
// the two so machine drift hits both alike. CPU is this process's user + system time (better-sqlite3 runs on
// the main thread). The last line is the JSON summary; ratio = batch total ÷ trigger.
//
//   npm run bench -- message-index-cost [--rounds 8] [--per-round 1000]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { mulberry32 } from '../packages/core/src/routing/index';
import { openSqlite, type Database } from '../packages/server/src/storage/database';
import { migrateToLatest } from '../packages/server/src/storage/migrate';
import { MessageTextIndex } from '../packages/server/src/supervision/message-text-index';
import { positiveInt } from './args';
import { report, round } from './stats';

const ROUNDS = positiveInt('rounds', 8, 1000);
const PER_ROUND = positiveInt('per-round', 1000, 100_000);
const WORDS =
  'hola buenas tardes necesito ayuda con mi factura plan internet gracias por favor quiero cambiar el pago tarjeta cuenta linea movil precio oferta cliente servicio pedido modem router'.split(
    ' ',
  );

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function open(dir: string, name: string): Promise<Database> {
  const database = openSqlite({ filename: join(dir, `${name}.sqlite`) });
  await migrateToLatest(database);
  await sql`insert into interactions (id, provider_id, external_conversation_id, customer_number, skill, status, created_at)
    values ('i1', 'p1', 'c1', '+59899000000', 'ventas', 'active', 0)`.execute(database.db);
  return database;
}

const dir = mkdtempSync(join(tmpdir(), 'sb-bench-fts-'));
try {
  const trigger = await open(dir, 'trigger');
  // Migration 0004's insert trigger, as it was before 0023.
  await sql`create trigger messages_fts_insert after insert on messages when new.body is not null begin
    insert into messages_fts(rowid, body) values (new.rowid, new.body);
  end`.execute(trigger.db);
  const batch = await open(dir, 'batch');
  const index = new MessageTextIndex({ db: batch.db, dialect: 'sqlite' });

  const rng = mulberry32(12);
  let n = 0;
  const body = () =>
    Array.from({ length: 4 + Math.floor(rng() * 10) }, () =>
      rng() < 0.7 ? WORDS[Math.floor(rng() * WORDS.length)]! : `pal${Math.floor(rng() * 20_000)}`,
    ).join(' ');
  async function ingest(database: Database, bodies: string[]): Promise<number> {
    const start = cpuMs();
    for (const text of bodies) {
      const id = `m${++n}`;
      await database.db.transaction().execute((trx) =>
        trx
          .insertInto('messages')
          .values({
            id,
            interaction_id: 'i1',
            provider_id: 'p1',
            provider_message_id: id,
            direction: 'in',
            author: 'customer',
            agent_id: null,
            kind: 'text',
            body: text,
            attachments_json: null,
            status: null,
            error: null,
            created_at: n,
          })
          .execute(),
      );
    }
    return cpuMs() - start;
  }

  const totals = { trigger: 0, ingest: 0, index: 0 };
  // Round 0 warms the JIT and the statement caches on both sides and is not counted.
  for (let r = 0; r <= ROUNDS; r++) {
    const bodies = Array.from({ length: PER_ROUND }, body);
    const order = r % 2 === 0 ? ['trigger', 'batch'] : ['batch', 'trigger'];
    for (const side of order) {
      if (side === 'trigger') {
        const ms = await ingest(trigger, bodies);
        if (r > 0) totals.trigger += ms;
      } else {
        const ms = await ingest(batch, bodies);
        const start = cpuMs();
        await index.catchUp();
        const indexMs = cpuMs() - start;
        if (r > 0) {
          totals.ingest += ms;
          totals.index += indexMs;
        }
      }
    }
  }
  // Both indexes answer alike: the batch one holds every message the trigger one does.
  const count = async (d: Database) =>
    Number(
      (
        await sql<{ n: number }>`select count(*) as n from messages_fts where messages_fts match 'factura'`.execute(
          d.db,
        )
      ).rows[0]!.n,
    );
  const [a, b] = [await count(trigger), await count(batch)];
  if (a !== b || a === 0) throw new Error(`the indexes differ: trigger ${a} matches, batch ${b}`);

  const messages = ROUNDS * PER_ROUND;
  const us = (ms: number) => round((ms * 1000) / messages, 1);
  const result = {
    ingestUsPerMessage: us(totals.ingest),
    indexUsPerMessage: us(totals.index),
    totalUsPerMessage: us(totals.ingest + totals.index),
  };
  console.log(
    `trigger: ${us(totals.trigger)} µs/msg; batch: ingest ${result.ingestUsPerMessage} + index ${result.indexUsPerMessage} = ${result.totalUsPerMessage} µs/msg (load ${loadavg()[0]!.toFixed(1)})`,
  );
  await trigger.close();
  await batch.close();
  report({
    bench: 'message-index-cost',
    messages,
    perRound: PER_ROUND,
    ...result,
    loadAvg: round(loadavg()[0]!, 2),
    baseline: { trigger: { usPerMessage: us(totals.trigger) } },
    ratio: round((totals.ingest + totals.index) / totals.trigger, 3),
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
