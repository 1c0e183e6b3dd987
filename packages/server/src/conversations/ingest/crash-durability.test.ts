// The durability promise of the ingest path, tested on the real process: a webhook answered 2xx is on disk,
// even when the server is SIGKILLed mid-burst, and redelivering everything after the restart adds nothing twice.
import type { ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CampaignService } from '../../admin/campaign-service';
import { ProviderService } from '../../admin/provider-service';
import { OutboundGuard } from '../../providers/outbound-guard';
import { SecretBox } from '../../security/secret-box';
import { openSqlite } from '../../storage/database';
import { migrateToLatest } from '../../storage/migrate';
import { exited, startServerProcess } from '../../testing/server-process';

describe('ingest durability across a SIGKILL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-crash-'));
  const secretKey = randomBytes(32);
  const partnerToken = randomBytes(16).toString('hex');
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged webhook exactly once, and a full redelivery adds nothing twice', async () => {
    // A provider and a campaign, written before the server starts.
    const setup = openSqlite({ filename: join(dataDir, 'switchboard.sqlite') });
    await migrateToLatest(setup);
    const guard = new OutboundGuard({ allow: ['127.0.0.1'] });
    const provider = await new ProviderService(setup.db, new SecretBox(secretKey), Date.now, undefined, {
      guard,
    }).create({
      kind: 'heynow-direct',
      name: 'hn',
      domain: 'http://127.0.0.1:9',
      platformId: '598',
      partnerToken,
    });
    const campaign = await new CampaignService(setup.db).create({
      name: 'Ventas',
      skills: ['ventas'],
      providerIds: [provider.id],
      messages: { welcome: '' },
      maxInteractionsPerAgent: 10,
    });
    // One agent, offline while the first process runs, so every hand-off is still waiting when it dies.
    await setup.db
      .insertInto('users')
      .values({
        id: 'crash-agent',
        username: 'crash',
        username_key: 'crash',
        display_name: 'Crash',
        role: 'agent',
        password_hash: 'x',
        enabled: 1,
        created_at: 0,
        updated_at: 0,
      })
      .execute();
    await setup.db
      .insertInto('members')
      .values({ campaign_id: campaign.id, agent_id: 'crash-agent', penalty: 0, position: 1 })
      .execute();
    await setup.db
      .insertInto('agent_presence')
      .values({ agent_id: 'crash-agent', status: 'offline', reason: null, since: 0, on_call: 0, wrapup_until: null })
      .execute();
    await setup.close();

    const env = {
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_SECRET_KEY: secretKey.toString('base64'),
      SWITCHBOARD_ADMIN_PASSWORD: 'admin-password-123',
      SWITCHBOARD_DEMO: 'false',
      DATABASE_URL: '',
      PORT: '0',
      HOST: '127.0.0.1',
      SWITCHBOARD_OUTBOUND_ALLOWLIST: '127.0.0.1',
      LOG_LEVEL: 'info',
    };
    const post = async (url: string, body: object): Promise<number> => {
      const raw = JSON.stringify(body);
      try {
        const res = await fetch(`${url}/webhooks/heynow/${provider.id}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-heynow-signature': `sha256=${createHmac('sha256', partnerToken).update(raw).digest('hex')}`,
          },
          body: raw,
        });
        await res.arrayBuffer();
        return res.status;
      } catch {
        return 0;
      }
    };

    const first = await startServerProcess(env);
    children.push(first.child);
    const conversations = Array.from({ length: 8 }, (_, i) => `crash-conv-${i}`);
    for (const c of conversations) {
      expect(
        await post(first.url, {
          event: 'handoff',
          conversationId: c,
          contact: { phone: `+598${c.length}` },
          skill: 'ventas',
          messageId: `${c}-first`,
          text: 'hola',
        }),
      ).toBe(200);
    }
    const messages = Array.from({ length: 400 }, (_, i) => ({
      event: 'message',
      conversationId: conversations[i % conversations.length],
      messageId: `crash-msg-${i}`,
      text: `mensaje ${i}`,
    }));

    // A burst from 16 concurrent senders; the process is killed once a good part has been acknowledged.
    const acknowledged = new Set<string>();
    let next = 0;
    let killed = false;
    const sender = async () => {
      while (next < messages.length) {
        const m = messages[next++]!;
        if ((await post(first.url, m)) === 200) acknowledged.add(m.messageId);
        if (!killed && acknowledged.size >= 120) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, sender));
    await exited(first.child);
    expect(killed).toBe(true);
    expect(acknowledged.size).toBeLessThan(messages.length);

    const countsOf = async () => {
      const db = openSqlite({ filename: join(dataDir, 'switchboard.sqlite') });
      try {
        const rows = await db.db
          .selectFrom('messages')
          .select(['provider_message_id', (eb) => eb.fn.countAll().as('n')])
          .where('provider_message_id', 'like', 'crash-msg-%')
          .groupBy('provider_message_id')
          .execute();
        const interactions = await db.db
          .selectFrom('interactions')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow();
        return {
          byId: new Map(rows.map((r) => [r.provider_message_id!, Number(r.n)])),
          interactions: Number(interactions.n),
        };
      } finally {
        await db.close();
      }
    };
    const afterCrash = await countsOf();
    for (const id of acknowledged) expect(afterCrash.byId.get(id), id).toBe(1);

    // While the server is down the agent becomes available: the restarted router must route what waited.
    const down = openSqlite({ filename: join(dataDir, 'switchboard.sqlite') });
    expect(
      (await down.db.selectFrom('interactions').select('id').where('status', '=', 'waiting').execute()).length,
    ).toBe(conversations.length);
    await down.db
      .updateTable('agent_presence')
      .set({ status: 'available' })
      .where('agent_id', '=', 'crash-agent')
      .execute();
    await down.close();

    const second = await startServerProcess(env);
    children.push(second.child);
    const statuses = [];
    for (let i = 0; i < messages.length; i += 20)
      statuses.push(...(await Promise.all(messages.slice(i, i + 20).map((m) => post(second.url, m)))));
    expect(statuses.every((s) => s === 200)).toBe(true);
    second.child.kill('SIGTERM');
    await exited(second.child);

    const final = await countsOf();
    expect(final.byId.size).toBe(messages.length);
    expect([...final.byId.values()].every((n) => n === 1)).toBe(true);
    expect(final.interactions).toBe(conversations.length);
    const routed = openSqlite({ filename: join(dataDir, 'switchboard.sqlite') });
    try {
      const owners = await routed.db.selectFrom('interactions').select(['status', 'owner_agent_id']).execute();
      expect(owners.every((o) => o.status === 'active' && o.owner_agent_id === 'crash-agent')).toBe(true);
    } finally {
      await routed.close();
    }
  }, 60_000);
});
