// Recordings search: p95 of a mix of searches (number fragment, free text through the full-text index, campaign
// + date range, disposition) over 1,000,000 interactions and 10,000,000 messages spread over 30 days, on SQLite
// and on PostgreSQL, through RecordingsService (the query, the count and the page's enrichment). Same-run
// baseline: a primary-key lookup of one interaction on the same database. Searches and baseline lookups
// alternate in rounds. Data are loaded with multi-row inserts in large transactions, with the triggers and
// indexes of the migrations in place (nothing is switched off); on SQLite the message bodies are then indexed
// by the batch indexer (migration 0023), timed apart as indexSeconds. The last line is the JSON summary.
//
//   npm run bench -- recordings-search [--interactions 1000000] [--messages-per 10] [--dialects sqlite,postgres]
//                                      [--queries 40] [--database-url postgres://…] [--explain]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { mulberry32 } from '../packages/core/src/routing/index';
import type { RecordingQuery } from '../packages/protocol/src/supervision';
import { CampaignService } from '../packages/server/src/admin/campaign-service';
import { openPostgres, openSqlite, type Database, type DialectName } from '../packages/server/src/storage/database';
import { migrateToLatest } from '../packages/server/src/storage/migrate';
import { recordingsQuery } from '../packages/server/src/supervision/recordings-filter';
import { RecordingsService } from '../packages/server/src/supervision/recordings-service';
import { MessageTextIndex } from '../packages/server/src/supervision/message-text-index';
import { percentile, report, round, sortedCopy } from './stats';
import { flag, positiveInt as positive } from './args';

const INTERACTIONS = positive('interactions', 1_000_000);
const MESSAGES_PER = positive('messages-per', 10);
const QUERIES = positive('queries', 40);
const EXPLAIN = process.argv.includes('--explain');
const DIALECTS = (flag('dialects') ?? 'sqlite,postgres').split(',') as DialectName[];
const POSTGRES_URL =
  flag('database-url') ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CAMPAIGNS = 50;
const AGENTS = 500;
const DAYS = 30;
const NOW = Date.now();
const SPAN = DAYS * 24 * 3600_000;
const BATCH = 2_000; // interactions per multi-row insert (and their messages)
const TXN = 20_000; // interactions per transaction

const COMMON =
  'hola buenas tardes necesito ayuda con mi factura plan internet gracias por favor quiero cambiar el la de que no si pago tarjeta cuenta linea movil precio oferta cliente servicio'.split(
    ' ',
  );
const NAMES = ['María', 'José', 'Ana', 'Pedro', 'Lucía', 'Juan', 'Sofía', 'Diego', 'Valentina', 'Martín'];
const DISPOSITIONS = [
  { l1: 'Ventas', l2: 'Consulta', l3: 'Precio' },
  { l1: 'Ventas', l2: 'Alta' },
  { l1: 'Soporte', l2: 'Internet', l3: 'Corte' },
  { l1: 'Soporte', l2: 'Facturación' },
];

/** Word k of the synthetic vocabulary: Zipf-like, a few very common, a long tail of rare ones. */
function body(rng: () => number): string {
  const n = 5 + Math.floor(rng() * 8);
  const words: string[] = [];
  for (let w = 0; w < n; w++) {
    words.push(rng() < 0.6 ? COMMON[Math.floor(rng() * COMMON.length)]! : `pal${Math.floor(20_000 * rng() ** 2.5)}`);
  }
  if (rng() < 0.02) words.push('pedido', String(100_000 + Math.floor(rng() * 900_000)));
  return words.join(' ');
}

interface Loader {
  insert(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  begin(): Promise<void>;
  commit(): Promise<void>;
}

function sqliteLoader(file: string): Loader & { close(): void } {
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  const statements = new Map<string, SQLite.Statement>();
  return {
    async insert(table, columns, rows) {
      // SQLite allows 32,766 variables per statement: chunk accordingly.
      const per = Math.floor(32_000 / columns.length);
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        const key = `${table}:${chunk.length}`;
        let stmt = statements.get(key);
        if (!stmt) {
          const tuple = `(${columns.map(() => '?').join(',')})`;
          stmt = raw.prepare(
            `insert into ${table} (${columns.join(',')}) values ${Array(chunk.length).fill(tuple).join(',')}`,
          );
          statements.set(key, stmt);
        }
        stmt.run(chunk.flat() as unknown[]);
      }
    },
    async begin() {
      raw.exec('begin');
    },
    async commit() {
      raw.exec('commit');
    },
    close: () => raw.close(),
  };
}

function postgresLoader(client: pg.PoolClient): Loader {
  return {
    async insert(table, columns, rows) {
      const per = Math.floor(60_000 / columns.length);
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        let p = 0;
        const values = chunk.map(() => `(${columns.map(() => `$${++p}`).join(',')})`).join(',');
        await client.query(`insert into ${table} (${columns.join(',')}) values ${values}`, chunk.flat());
      }
    },
    async begin() {
      await client.query('begin');
    },
    async commit() {
      await client.query('commit');
    },
  };
}

async function load(
  database: Database,
  loader: Loader,
): Promise<{ campaignIds: string[]; ids: string[]; numbers: string[] }> {
  const campaigns = new CampaignService(database.db, () => NOW);
  const campaignIds: string[] = [];
  for (let c = 0; c < CAMPAIGNS; c++) campaignIds.push((await campaigns.create({ name: `Campaign ${c}` })).id);
  const agentIds = Array.from({ length: AGENTS }, (_, a) => `agent${a}`);
  await loader.begin();
  await loader.insert(
    'users',
    ['id', 'username', 'username_key', 'display_name', 'role', 'password_hash', 'enabled', 'created_at', 'updated_at'],
    agentIds.map((id, a) => [id, id, id, `Agent ${a}`, 'agent', 'x', 1, NOW, NOW]),
  );
  await loader.commit();

  const rng = mulberry32(20260310);
  const ids: string[] = [];
  const numbers: string[] = [];
  const started = performance.now();
  let messages = 0;
  for (let start = 0; start < INTERACTIONS; start += TXN) {
    await loader.begin();
    for (let b = start; b < Math.min(start + TXN, INTERACTIONS); b += BATCH) {
      const interactions: unknown[][] = [];
      const bodies: unknown[][] = [];
      const events: unknown[][] = [];
      for (let i = b; i < Math.min(b + BATCH, INTERACTIONS); i++) {
        const id = `i${String(i).padStart(9, '0')}`;
        const createdAt = NOW - SPAN + Math.floor((i / INTERACTIONS) * SPAN);
        const number = `+5989${String(Math.floor(rng() * 10_000_000)).padStart(7, '0')}`;
        const agent = agentIds[(i * 7) % AGENTS]!;
        const open = i >= INTERACTIONS - 200;
        const disposition = rng() < 0.3 ? JSON.stringify(DISPOSITIONS[i % DISPOSITIONS.length]) : null;
        interactions.push([
          id,
          'p0',
          `conv-${i}`,
          campaignIds[i % CAMPAIGNS],
          number,
          rng() < 0.5 ? NAMES[i % NAMES.length] : null,
          'skill',
          open ? 'active' : 'closed',
          open ? null : 'agent',
          agent,
          createdAt,
          createdAt,
          createdAt + 20_000,
          open ? null : createdAt + 300_000,
          disposition,
        ]);
        events.push([`e${id}`, id, createdAt + 20_000, 'assigned', campaignIds[i % CAMPAIGNS], agent]);
        for (let m = 0; m < MESSAGES_PER; m++) {
          const inbound = m % 2 === 0;
          bodies.push([
            `m${id}_${m}`,
            id,
            'p0',
            inbound ? 'in' : 'out',
            inbound ? 'customer' : 'agent',
            inbound ? null : agent,
            'text',
            body(rng),
            createdAt + m * 15_000,
          ]);
        }
        if (i % Math.max(1, Math.floor(INTERACTIONS / 2000)) === 0) {
          ids.push(id);
          numbers.push(number);
        }
      }
      await loader.insert(
        'interactions',
        [
          'id',
          'provider_id',
          'external_conversation_id',
          'campaign_id',
          'customer_number',
          'customer_name',
          'skill',
          'status',
          'close_reason',
          'owner_agent_id',
          'created_at',
          'entered_at',
          'taken_at',
          'closed_at',
          'disposition_json',
        ],
        interactions,
      );
      await loader.insert(
        'interaction_events',
        ['id', 'interaction_id', 'at', 'type', 'campaign_id', 'agent_id'],
        events,
      );
      await loader.insert(
        'messages',
        ['id', 'interaction_id', 'provider_id', 'direction', 'author', 'agent_id', 'kind', 'body', 'created_at'],
        bodies,
      );
      messages += bodies.length;
    }
    await loader.commit();
    if ((start + TXN) % 100_000 === 0 || start + TXN >= INTERACTIONS) {
      const s = (performance.now() - started) / 1000;
      console.log(
        `  ${Math.min(start + TXN, INTERACTIONS).toLocaleString()} interactions, ${messages.toLocaleString()} messages (${Math.round(messages / s).toLocaleString()} messages/s)`,
      );
    }
  }
  return { campaignIds, ids, numbers };
}

type Kind =
  | 'number fragment'
  | 'free text (rare word)'
  | 'free text (order number)'
  | 'free text (two words)'
  | 'campaign + 7 days'
  | 'disposition';

function queries(
  rng: () => number,
  data: { campaignIds: string[]; numbers: string[] },
): { kind: Kind; query: RecordingQuery }[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(rng() * xs.length)]!;
  const out: { kind: Kind; query: RecordingQuery }[] = [];
  // Supervisors search a bounded range (the search defaults to today; we use wider ones to make it harder): a week
  // for number fragments, dispositions and two-word searches, the whole month for the rarest words.
  const week = NOW - 7 * 24 * 3600_000;
  const recent = data.numbers.filter((_, i) => i >= data.numbers.length * (1 - 7 / DAYS));
  for (let q = 0; q < QUERIES; q++) {
    out.push({ kind: 'number fragment', query: { customer: pick(recent).slice(-6), from: week } });
    out.push({
      kind: 'free text (rare word)',
      query: { text: `pal${10_000 + Math.floor(rng() * 9_000)}`, from: week },
    });
    out.push({
      kind: 'free text (order number)',
      query: { text: `pedido ${100_000 + Math.floor(rng() * 900_000)}`, from: NOW - SPAN },
    });
    out.push({
      kind: 'free text (two words)',
      query: { text: `factura pal${2_000 + Math.floor(rng() * 2_000)}`, from: week },
    });
    out.push({ kind: 'campaign + 7 days', query: { campaignIds: pick(data.campaignIds), from: week, to: NOW } });
    out.push({
      kind: 'disposition',
      query: { disposition: pick(['Precio', 'Soporte > Internet', 'Alta']), from: week },
    });
  }
  return out;
}

/** Prints the plan of the first query of each kind (`--explain`). */
async function explain(
  database: Database,
  dialect: DialectName,
  mix: { kind: Kind; query: RecordingQuery }[],
): Promise<void> {
  const seen = new Set<Kind>();
  for (const { kind, query } of mix) {
    if (seen.has(kind)) continue;
    seen.add(kind);
    const compiled = recordingsQuery(database.db, dialect, query, { timeZoneOf: () => undefined }, NOW)
      .select('interactions.id')
      .orderBy('interactions.created_at', 'desc')
      .limit(50)
      .compile();
    const prefix = dialect === 'postgres' ? 'explain (analyze, buffers) ' : 'explain query plan ';
    const plan = await database.db.executeQuery(CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]));
    console.log(`--- ${kind}\n${plan.rows.map((r) => Object.values(r as object).join(' ')).join('\n')}`);
  }
}

interface DialectResult {
  loadSeconds: number;
  indexSeconds: number;
  p50Ms: number;
  p95Ms: number;
  byKind: Record<string, { p50Ms: number; p95Ms: number; meanRows: number }>;
  baselineP95Ms: number;
  baselineP50Ms: number;
}

async function run(dialect: DialectName): Promise<DialectResult> {
  console.log(`\n== ${dialect}: loading ${INTERACTIONS.toLocaleString()} interactions × ${MESSAGES_PER} messages`);
  let database: Database;
  let loader: Loader;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'sb-bench-recordings-'));
    const file = join(dir, 'bench.sqlite');
    database = openSqlite({ filename: file });
    await migrateToLatest(database);
    const l = sqliteLoader(file);
    loader = l;
    cleanup = async () => {
      l.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    database = openPostgres({ connectionString: POSTGRES_URL, searchPath: schema, max: 4 });
    await migrateToLatest(database);
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1, options: `-c search_path=${schema}` });
    const client = await pool.connect();
    loader = postgresLoader(client);
    cleanup = async () => {
      client.release();
      await pool.end();
      await database.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    };
  }
  const t = performance.now();
  const data = await load(database, loader);
  const loadSeconds = (performance.now() - t) / 1000;
  // What the server's timer does a second at a time, all at once (a no-op on PostgreSQL).
  const textIndex = new MessageTextIndex({ db: database.db, dialect });
  const ti = performance.now();
  await textIndex.catchUp();
  const indexSeconds = (performance.now() - ti) / 1000;
  // Statistics and the visibility map, as autovacuum keeps them on a live database.
  await sql.raw(dialect === 'postgres' ? 'vacuum analyze' : 'analyze').execute(database.db);
  console.log(`loaded in ${round(loadSeconds, 1)} s, message bodies indexed in ${round(indexSeconds, 1)} s`);

  const service = new RecordingsService({ db: database.db, dialect, now: () => NOW, textIndex });
  const scope = { timeZoneOf: () => undefined };
  const rng = mulberry32(7);
  const mix = queries(rng, data);
  // warm-up: one of each kind
  for (const q of mix.slice(0, 6)) await service.search(q.query, scope);

  const times = new Map<Kind, number[]>();
  const rows = new Map<Kind, number[]>();
  const all: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < mix.length; i++) {
    const { kind, query } = mix[i]!;
    const start = performance.now();
    const page = await service.search(query, scope);
    const ms = performance.now() - start;
    all.push(ms);
    times.set(kind, [...(times.get(kind) ?? []), ms]);
    rows.set(kind, [...(rows.get(kind) ?? []), page.total]);
    const id = data.ids[Math.floor(rng() * data.ids.length)]!;
    const b = performance.now();
    await database.db.selectFrom('interactions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    baseline.push(performance.now() - b);
  }
  const sorted = sortedCopy(all);
  const base = sortedCopy(baseline);
  const byKind: DialectResult['byKind'] = {};
  for (const [kind, values] of times) {
    const s = sortedCopy(values);
    const r = rows.get(kind)!;
    byKind[kind] = {
      p50Ms: round(percentile(s, 50)),
      p95Ms: round(percentile(s, 95)),
      meanRows: Math.round(r.reduce((a, n) => a + n, 0) / r.length),
    };
    console.log(
      `  ${kind.padEnd(26)} p50 ${byKind[kind].p50Ms} ms  p95 ${byKind[kind].p95Ms} ms  (~${byKind[kind].meanRows} matches)`,
    );
  }
  const result = {
    loadSeconds: round(loadSeconds, 1),
    indexSeconds: round(indexSeconds, 1),
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    byKind,
    baselineP50Ms: round(percentile(base, 50)),
    baselineP95Ms: round(percentile(base, 95)),
  };
  if (EXPLAIN) await explain(database, dialect, mix);
  console.log(
    `  all searches p95 ${result.p95Ms} ms; primary-key lookup p95 ${result.baselineP95Ms} ms (target p95 < 200 ms)`,
  );
  await cleanup();
  return result;
}

const results: Partial<Record<DialectName, DialectResult>> = {};
for (const dialect of DIALECTS) results[dialect] = await run(dialect);
const worst = Math.max(...Object.values(results).map((r) => r.p95Ms / Math.max(r.baselineP95Ms, 0.001)));
report({
  bench: 'recordings-search',
  interactions: INTERACTIONS,
  messages: INTERACTIONS * MESSAGES_PER,
  targetP95Ms: 200,
  ...Object.fromEntries(
    Object.entries(results).map(([d, r]) => [
      d,
      { loadSeconds: r.loadSeconds, indexSeconds: r.indexSeconds, p50Ms: r.p50Ms, p95Ms: r.p95Ms, byKind: r.byKind },
    ]),
  ),
  baseline: Object.fromEntries(
    Object.entries(results).map(([d, r]) => [
      d,
      { query: 'primary-key lookup', p50Ms: r.baselineP50Ms, p95Ms: r.baselineP95Ms },
    ]),
  ),
  ratio: round(worst, 1),
});
