import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  createUser,
  heynowWebhook,
  setUpCampaigns,
  startProviderDouble,
  startTestServer,
  type StartedServer,
} from '../testing/started-server';
import { createLogger } from './logger';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function started(...args: Parameters<typeof startTestServer>): Promise<StartedServer> {
  const s = await startTestServer(...args);
  cleanups.push(() => s.close());
  return s;
}

describe('log volume at the default level', () => {
  it('writes fewer than 10 lines for 50 webhooks and 20 API requests', async () => {
    const provider = await startProviderDouble();
    cleanups.push(() => provider.close());
    const s = await started({ LOG_LEVEL: 'info' });
    const admin = await s.login('admin', ADMIN_PASSWORD);
    const agentId = await createUser(s, admin.cookie, 'ana', 'agent', 'agent-password-1');
    const { providerId, partnerToken } = await setUpCampaigns(s, admin.cookie, provider.url, [
      { name: 'Ventas', skill: 'ventas', memberIds: [agentId] },
    ]);
    const agent = await s.login('ana', 'agent-password-1');
    // The captured stream is the server's log: its start-up line is there.
    expect(s.logLines.some((l) => l.includes('Switchboard is listening'))).toBe(true);
    const before = s.logLines.length;

    const handoff = {
      event: 'handoff',
      conversationId: 'conv-1',
      contact: { id: 'c1', name: 'Customer', phone: '+59891000001' },
      skill: 'ventas',
      messageId: 'm-0',
      text: 'hola',
    };
    expect((await heynowWebhook(s, providerId, partnerToken, handoff)).status).toBe(200);
    for (let i = 1; i < 50; i++) {
      const res = await heynowWebhook(s, providerId, partnerToken, {
        event: 'message',
        conversationId: 'conv-1',
        messageId: `m-${i}`,
        text: `message ${i}`,
      });
      expect(res.status).toBe(200);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const [path, cookie] =
        i % 4 === 0
          ? ['/api/campaigns', admin.cookie]
          : i % 4 === 1
            ? ['/api/campaigns/no-such-campaign', admin.cookie]
            : ['/api/agent/inbox', agent.cookie];
      statuses.push((await s.call('GET', path!, undefined, { cookie: cookie! })).status);
    }
    expect(statuses).toContain(200);
    expect(statuses).toContain(404);
    await s.server.services.outbox.idle();

    const written = s.logLines.slice(before);
    expect(written.length, written.join('\n')).toBeLessThan(10);
  });

  it('still writes one line per request at debug, webhooks included, without query strings', async () => {
    const s = await started({ LOG_LEVEL: 'debug' });
    await s.call('GET', '/api/openapi.json?token=should-not-appear');
    await s.call('POST', '/webhooks/heynow/no-such-provider', {});
    await expect
      .poll(() => s.logLines.filter((l) => JSON.parse(l).msg === 'request').map((l) => JSON.parse(l).route))
      .toEqual(['/api/openapi.json', '/webhooks/heynow/:providerId']);
    expect(s.logLines.join('\n')).not.toContain('should-not-appear');
  });
});

describe('first start on a terminal', () => {
  /** Print and log lines in the order they reached the "terminal". */
  function terminal() {
    const seen: { kind: 'print' | 'log'; text: string }[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        seen.push({ kind: 'log', text: String(chunk) });
        done();
      },
    });
    return { seen, logStream, print: (text: string) => void seen.push({ kind: 'print', text }) };
  }

  it('prints the URL, the administrator password and the demo accounts as one block before any log line', async () => {
    const t = terminal();
    const s = await started(
      { SWITCHBOARD_ADMIN_PASSWORD: '', SWITCHBOARD_DEMO: 'true', SWITCHBOARD_MOCK_HEYNOW_PORT: '0' },
      { stdoutIsTTY: true, logStream: t.logStream, print: t.print },
    );
    expect(t.seen[0]?.kind).toBe('print');
    expect(t.seen.filter((e) => e.kind === 'print')).toHaveLength(1);
    expect(t.seen.some((e) => e.kind === 'log' && e.text.includes('Switchboard is listening'))).toBe(true);
    const block = t.seen[0]!.text;
    expect(block).toContain(s.server.url);
    expect(block).toMatch(/Administrator\s+admin/);
    expect(block).toContain('ana');
    expect(block).toContain('sofia');
    expect(block).toContain('"demo1234"');
    const password = /Password\s+(\S+)/.exec(block)![1]!;
    // The password shown is the real one, and it reached no log line.
    await expect(s.login('admin', password)).resolves.toHaveProperty('cookie');
    expect(t.seen.filter((e) => e.kind === 'log').some((e) => e.text.includes(password))).toBe(false);
  });

  it('names the administrator without a password when SWITCHBOARD_ADMIN_PASSWORD set it', async () => {
    const t = terminal();
    await started({}, { stdoutIsTTY: true, logStream: t.logStream, print: t.print });
    expect(t.seen.filter((e) => e.kind === 'print').map((e) => e.text)).toEqual([
      expect.stringContaining('(from SWITCHBOARD_ADMIN_PASSWORD)'),
    ]);
  });

  it('prints no block on a later start of the same data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-restart-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const env = { SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_ADMIN_PASSWORD: '' };
    const first = terminal();
    const s = await startTestServer(env, { stdoutIsTTY: true, logStream: first.logStream, print: first.print });
    await s.close();
    expect(first.seen.filter((e) => e.kind === 'print')).toHaveLength(1);
    const later = terminal();
    await started(env, { stdoutIsTTY: true, logStream: later.logStream, print: later.print });
    expect(later.seen.filter((e) => e.kind === 'print')).toEqual([]);
    expect(later.seen.some((e) => e.kind === 'log' && e.text.includes('Switchboard is listening'))).toBe(true);
  });

  it('prints the password once, as before, when stdout is not a terminal', async () => {
    const t = terminal();
    const s = await started(
      { SWITCHBOARD_ADMIN_PASSWORD: '' },
      { stdoutIsTTY: false, logStream: t.logStream, print: t.print },
    );
    const printed = t.seen.filter((e) => e.kind === 'print').map((e) => e.text);
    expect(printed).toHaveLength(1);
    const password = /password: (\S+)/.exec(printed[0]!)![1]!;
    await expect(s.login('admin', password)).resolves.toHaveProperty('cookie');
    expect(t.seen.filter((e) => e.kind === 'log').some((e) => e.text.includes(password))).toBe(false);
  });
});

describe('LOG_FORMAT=pretty', () => {
  it('writes readable lines, not JSON, and still redacts secrets', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger('info', sink, 'pretty');
    logger.info({ partnerToken: 'TOKEN-must-not-show', providerId: 'p1' }, 'provider is back up');
    await expect.poll(() => lines.join('')).toContain('provider is back up');
    const text = lines.join('');
    expect(text).toContain('INFO');
    expect(text).not.toContain('TOKEN-must-not-show');
    expect(() => JSON.parse(text)).toThrow();
  });
});
