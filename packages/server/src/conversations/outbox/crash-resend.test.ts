// The outbox sends at least once, so a crash between the provider acting and Switchboard hearing it did
// repeats the call. The Idempotency-Key makes the repeat harmless: tested on the real process, SIGKILLed
// twice while the mock HeyNow holds its answers, counting at the mock what reached the customer.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { ProviderService } from '../../admin/provider-service';
import { createMockHeyNow } from '../../mock-heynow';
import type { ReceivedCall } from '../../mock-heynow/mock-state';
import { OutboundGuard } from '../../providers/outbound-guard';
import { SecretBox } from '../../security/secret-box';
import { openSqlite } from '../../storage/database';
import { migrateToLatest } from '../../storage/migrate';
import { exited, startServerProcess } from '../../testing/server-process';
import { ConversationStore } from '../conversation-store';

const CONVERSATIONS = 8;
const MESSAGES_EACH = 5;

describe('outbound sends across a SIGKILL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-resend-'));
  const secretKey = randomBytes(32);
  const partnerToken = randomBytes(16).toString('hex');
  // Every call is acted on at once and answered 400 ms later: a kill in between is a call the provider
  // carried out but the outbox never saw succeed.
  const mock = createMockHeyNow({ partnerToken, answerDelayMs: 400, statusDelaysMs: false });
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await mock.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reaches the customer once per message and per end, whatever was repeated', async () => {
    const mockUrl = await mock.start();
    const setup = openSqlite({ filename: join(dataDir, 'switchboard.sqlite') });
    await migrateToLatest(setup);
    const guard = new OutboundGuard({ allow: ['127.0.0.1'] });
    const provider = await new ProviderService(setup.db, new SecretBox(secretKey), Date.now, undefined, {
      guard,
    }).create({
      kind: 'heynow-direct',
      name: 'hn',
      domain: mockUrl,
      platformId: '598',
      partnerToken,
    });
    // 8 conversations, each with 5 texts and then its hand-back, all waiting in the outbox.
    const store = new ConversationStore();
    for (let i = 0; i < CONVERSATIONS; i++) {
      const { interaction } = await store.createInteraction(setup.db, {
        providerId: provider.id,
        externalConversationId: `resend-conv-${i}`,
        campaignId: null,
        customerNumber: `+5989900000${i}`,
        skill: 'ventas',
        status: 'active',
      });
      for (let k = 0; k < MESSAGES_EACH; k++) await store.sendText(setup.db, interaction, `mensaje ${i}.${k}`, 'agent');
      await store.closeInteraction(setup.db, interaction.id, 'agent_closed');
    }
    await setup.close();

    const env = {
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_SECRET_KEY: secretKey.toString('base64'),
      SWITCHBOARD_ADMIN_PASSWORD: 'admin-password-123',
      SWITCHBOARD_DEMO: 'false',
      SWITCHBOARD_OUTBOUND_ALLOWLIST: '127.0.0.1',
      DATABASE_URL: '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    };
    const applied = () => mock.received().filter((c) => !c.duplicate && c.status < 300);
    const sends = (c: ReceivedCall) => c.action === 'message' || c.action === 'end';
    /** Runs a process until the mock has acted `atLeast` times, then SIGKILLs it with answers in flight. */
    const runAndKill = async (atLeast: number) => {
      const running = await startServerProcess(env);
      children.push(running.child);
      await mock.waitForCall(() => applied().filter(sends).length >= atLeast, 30_000);
      running.child.kill('SIGKILL');
      await exited(running.child);
      // The claimed rows' lease would run out after 30 s; let it have run out now.
      const db = openSqlite({ filename: join(dataDir, 'switchboard.sqlite') });
      await db.db.updateTable('outbox').set({ next_attempt_at: 0 }).where('status', '=', 'pending').execute();
      await db.close();
    };
    await runAndKill(12); // in the middle of the texts
    await runAndKill(CONVERSATIONS * MESSAGES_EACH + 1); // as the first hand-back is carried out

    const last = await startServerProcess(env);
    children.push(last.child);
    const total = CONVERSATIONS * (MESSAGES_EACH + 1);
    await expect.poll(() => applied().filter(sends).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(total);
    const done = async () => {
      const db = openSqlite({ filename: join(dataDir, 'switchboard.sqlite') });
      try {
        return (await db.db.selectFrom('outbox').select('id').where('status', '<>', 'done').execute()).length;
      } finally {
        await db.close();
      }
    };
    await expect.poll(done, { timeout: 30_000 }).toBe(0);
    last.child.kill('SIGTERM');
    await exited(last.child);

    const received = mock.received().filter(sends);
    // The kills did make the server repeat calls: otherwise this test would prove nothing.
    expect(received.filter((c) => c.duplicate).length).toBeGreaterThanOrEqual(2);
    // Every call carried a key, and each key was carried out once.
    expect(received.filter((c) => !c.idempotencyKey)).toEqual([]);
    const perKey = new Map<string, number>();
    for (const c of applied().filter(sends)) perKey.set(c.idempotencyKey!, (perKey.get(c.idempotencyKey!) ?? 0) + 1);
    expect(perKey.size).toBe(total);
    expect([...perKey.values()].filter((n) => n !== 1)).toEqual([]);
    // What each customer got: five texts and one hand-back.
    for (let i = 0; i < CONVERSATIONS; i++) {
      const mine = applied().filter((c) => c.conversationId === `resend-conv-${i}`);
      expect(mine.filter((c) => c.action === 'message')).toHaveLength(MESSAGES_EACH);
      expect(mine.filter((c) => c.action === 'end')).toHaveLength(1);
    }
  }, 120_000);
});
