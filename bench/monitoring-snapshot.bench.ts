// Monitoring snapshot: how long `GET /api/monitoring` (and the service call behind it) takes for 50 campaigns
// and 500 agents after 1,000,000 interactions were counted. The counters are fed the events of 1M interactions
// spread over the last 24 h (arrived, answered or abandoned, closed, some transfers); 10 interactions wait in
// each campaign's queue. Same-run baseline: `GET /healthz`, a route answering a constant, through the same
// `app.inject`. Rounds alternate so machine drift hits both alike. The last line is the JSON summary.
//
//   npm run bench -- monitoring-snapshot [--interactions 1000000] [--campaigns 50] [--agents 500] [--requests 300]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../packages/server/src/http/app';
import { SESSION_COOKIE } from '../packages/server/src/accounts/auth-routes';
import { SecretBox } from '../packages/server/src/security/secret-box';
import { createServices } from '../packages/server/src/services';
import { openSqlite } from '../packages/server/src/storage/database';
import { migrateToLatest } from '../packages/server/src/storage/migrate';
import { positive } from './args';
import { percentile, report, round, sortedCopy } from './stats';

const INTERACTIONS = positive('interactions', 1_000_000);
const CAMPAIGNS = positive('campaigns', 50);
const AGENTS = positive('agents', 500);
const REQUESTS = positive('requests', 300);
const ROUNDS = 5;
const WAITING_PER_CAMPAIGN = 10;

const dir = mkdtempSync(join(tmpdir(), 'sb-bench-monitor-'));
const database = openSqlite({ filename: join(dir, 'bench.sqlite') });
await migrateToLatest(database);
const services = createServices(
  database,
  new SecretBox(randomBytes(32)),
  { sessionHours: 24, dataDir: dir, outboundAllowlist: ['127.0.0.1'] },
  Date.now,
  { attachmentsDir: join(dir, 'att') },
);

console.log(`setting up ${CAMPAIGNS} campaigns and ${AGENTS} agents…`);
const campaignIds: string[] = [];
for (let c = 0; c < CAMPAIGNS; c++)
  campaignIds.push(
    (
      await services.campaigns.create({
        name: `Campaign ${c}`,
        skills: [`skill${c}`],
        thresholds: { serviceLevel: 20, shortAbandon: 5, chatTime: 600, acd: 5, maxQueued: 0, queueTimeout: 0 },
      })
    ).id,
  );
// Agents go straight into the table: hashing 500 passwords would only slow the set-up down.
const agentIds = Array.from({ length: AGENTS }, (_, a) => `agent${a}`);
const t0 = Date.now();
await database.db
  .insertInto('users')
  .values(
    agentIds.map((id, a) => ({
      id,
      username: id,
      username_key: id,
      display_name: `Agent ${a}`,
      role: 'agent',
      password_hash: 'x',
      enabled: 1,
      created_at: t0,
      updated_at: t0,
    })),
  )
  .execute();
// Each agent works in one campaign (10 per campaign at the default sizes), a fifth of them in a second one.
const members = agentIds.flatMap((agentId, a) => {
  const rows = [{ campaign_id: campaignIds[a % CAMPAIGNS]!, agent_id: agentId, penalty: 0, position: a }];
  if (a % 5 === 0)
    rows.push({ campaign_id: campaignIds[(a + 1) % CAMPAIGNS]!, agent_id: agentId, penalty: 10, position: a });
  return rows;
});
await database.db.insertInto('members').values(members).execute();
const now = Date.now();
await database.db
  .insertInto('agent_presence')
  .values(
    agentIds.map((agent_id, a) => ({
      agent_id,
      status: (['offline', 'paused', 'offline', 'offline'] as const)[a % 4]!,
      reason: a % 4 === 1 ? 'Break' : null,
      since: now - a * 1000,
      on_call: 0,
      wrapup_until: null,
    })),
  )
  .execute();
await services.router.start();
await services.monitor.start();
// Waiting interactions live in the router's memory (nobody is available, so they queue).
for (let c = 0; c < CAMPAIGNS; c++) {
  for (let w = 0; w < WAITING_PER_CAMPAIGN; w++) {
    await services.router.command({
      type: 'interaction_arrived',
      interactionId: `w${c}_${w}`,
      campaignId: campaignIds[c]!,
      enteredAt: now - w * 7000,
    });
  }
}

console.log(`counting the events of ${INTERACTIONS.toLocaleString()} interactions…`);
const feedStart = performance.now();
const DAY = 24 * 3600_000;
const monitor = services.monitor;
for (let i = 0; i < INTERACTIONS; i++) {
  const campaignId = campaignIds[i % CAMPAIGNS]!;
  const at = now - DAY + Math.floor((i / INTERACTIONS) * DAY);
  const wait = (i * 7919) % 60_000;
  monitor.record(campaignId, { type: 'arrived', at });
  // Every tenth interaction of each campaign is abandoned.
  if (Math.floor(i / CAMPAIGNS) % 10 === 0) {
    monitor.record(campaignId, { type: 'abandoned', at: at + wait, waitMs: wait });
    continue;
  }
  monitor.record(campaignId, { type: 'answered', at: at + wait, waitMs: wait });
  if (i % 25 === 0) monitor.record(campaignId, { type: 'transferred', at: at + wait + 1000 });
  monitor.record(campaignId, { type: 'closed', at: at + wait + 240_000, handleMs: 240_000 });
  if (i > 0 && i % 200_000 === 0) console.log(`  ${i.toLocaleString()}`);
}
const feedMs = performance.now() - feedStart;
console.log(
  `fed in ${round(feedMs / 1000, 2)} s (${Math.round((INTERACTIONS * 3) / (feedMs / 1000)).toLocaleString()} events/s)`,
);

const admin = await services.users.create({
  username: 'bench-admin',
  displayName: 'Admin',
  role: 'administrator',
  password: 'bench-password-123',
});
const cookie = `${SESSION_COOKIE}=${(await services.sessions.create(admin.id)).token}`;
const { app } = await buildApp({
  config: { cookieSecure: false, loginAttemptsPerMinute: 1000, sessionHours: 24 },
  services,
  logger: false,
});

const check = await app.inject({ method: 'GET', url: '/api/monitoring', headers: { cookie } });
const rows = check.json() as { waiting: number; attendedToday: number }[];
if (check.statusCode !== 200 || rows.length !== CAMPAIGNS)
  throw new Error(`unexpected answer ${check.statusCode}: ${check.body.slice(0, 200)}`);
console.log(
  `one snapshot: ${rows.length} campaigns, ${(check.body.length / 1024).toFixed(1)} KiB; first row waiting=${rows[0]!.waiting} attendedToday=${rows[0]!.attendedToday}`,
);

async function timeInject(url: string, headers: Record<string, string>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    const res = await app.inject({ method: 'GET', url, headers });
    out.push(performance.now() - t);
    if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode}`);
  }
  return out;
}
function timeService(): number[] {
  const out: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    monitor.list();
    out.push(performance.now() - t);
  }
  return out;
}

const snapshot: number[] = [];
const service: number[] = [];
const baseline: number[] = [];
await timeInject('/api/monitoring', { cookie }); // warm-up
await timeInject('/healthz', {});
for (let r = 0; r < ROUNDS; r++) {
  baseline.push(...(await timeInject('/healthz', {})));
  snapshot.push(...(await timeInject('/api/monitoring', { cookie })));
  service.push(...timeService());
  console.log(`round ${r + 1}/${ROUNDS}`);
}
const summary = (values: number[]) => {
  const s = sortedCopy(values);
  return {
    p50Ms: round(percentile(s, 50)),
    p95Ms: round(percentile(s, 95)),
    p99Ms: round(percentile(s, 99)),
    maxMs: round(s[s.length - 1]!),
  };
};
const api = summary(snapshot);
const base = summary(baseline);
console.log(
  `GET /api/monitoring p50 ${api.p50Ms} ms p95 ${api.p95Ms} ms; service p95 ${summary(service).p95Ms} ms; baseline p95 ${base.p95Ms} ms (target < 20 ms)`,
);

await app.close();
services.monitor.stop();
await services.router.stop();
await database.close();
rmSync(dir, { recursive: true, force: true });

report({
  bench: 'monitoring-snapshot',
  interactions: INTERACTIONS,
  campaigns: CAMPAIGNS,
  agents: AGENTS,
  feedMs: round(feedMs, 1),
  api,
  service: summary(service),
  targetMs: 20,
  baseline: { route: 'GET /healthz', ...base },
  ratio: round(api.p95Ms / base.p95Ms, 2),
});
