import type { AuditEntry } from '@switchboard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../storage/test-databases';
import { createTestApp, type TestApp } from '../testing/test-app';
import { auditTable, type AuditWriter } from './audit-log';
import { until } from '../testing/until';

const dialects = await dialectsUnderTest();
const TOKEN = 'partner-token-for-audit';

/**
 * The real audit table, switchable to fail: 'fail' throws before writing; 'write-then-fail' writes the record
 * and then throws, so the transaction around both must roll the record back too.
 */
function switchableWriter(): AuditWriter & { mode: 'ok' | 'fail' | 'write-then-fail' } {
  const table = auditTable();
  const writer = {
    mode: 'ok' as 'ok' | 'fail' | 'write-then-fail',
    async write(db: Parameters<AuditWriter['write']>[0], record: Parameters<AuditWriter['write']>[1]) {
      if (writer.mode === 'fail') throw new Error('audit store unavailable');
      await table.write(db, record);
      if (writer.mode === 'write-then-fail') throw new Error('the change failed after its record');
    },
  };
  return writer;
}

describe.each(dialects)('the audit log on %s', (dialect) => {
  let t: TestApp;
  let writer: ReturnType<typeof switchableWriter>;
  let admin: { cookie: string; userId: string; username: string };
  let seen = 0;

  beforeAll(async () => {
    writer = switchableWriter();
    t = await createTestApp(dialect, { extras: { auditWriter: writer } });
    const session = await t.sessionFor('administrator');
    admin = { ...session, username: (await t.services.users.get(session.userId)).username };
    seen = (await t.services.audit.search({ pageSize: 1 })).total;
  });
  afterAll(() => t.close());

  const call = async (
    method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    as = admin.cookie,
  ) => {
    const res = await t.request({ method, url, ...(payload ? { payload } : {}), as });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res;
  };
  /** The records written since the last look, oldest first. */
  const fresh = async (): Promise<AuditEntry[]> => {
    const page = await t.services.audit.search({ pageSize: 200 });
    const rows = page.rows.slice(0, page.total - seen).reverse();
    seen = page.total;
    return rows;
  };
  const expectOne = async (
    action: string,
    target: { kind: string; id: string; name: string | RegExp },
    actor: { userId: string; username: string; role?: string } = { ...admin, role: 'administrator' },
  ) => {
    const rows = await fresh();
    expect(rows.map((r) => r.action)).toEqual([action]);
    expect(rows[0]).toMatchObject({
      action,
      userId: actor.userId,
      username: actor.username,
      ...(actor.role ? { role: actor.role } : {}),
      target: target.id,
      targetKind: target.kind,
    });
    if (typeof target.name === 'string') expect(rows[0]!.targetName).toBe(target.name);
    else expect(rows[0]!.targetName).toMatch(target.name);
    return rows[0]!;
  };

  it('records each administrator change once, with a domain action, the target as named then, and the actor', async () => {
    const provider = (
      await call('POST', '/api/providers', {
        kind: 'heynow-direct',
        name: 'HN main',
        domain: 'https://heynow.example',
        platformId: '598',
        partnerToken: 'secret-partner-token',
      })
    ).json();
    await expectOne('provider.created', { kind: 'provider', id: provider.id, name: 'HN main' });
    await call('PATCH', `/api/providers/${provider.id}`, { name: 'HN renamed', partnerToken: 'another-secret' });
    const updated = await expectOne('provider.updated', { kind: 'provider', id: provider.id, name: 'HN renamed' });
    expect(updated.detail).toBe('changed: name, partnerToken');

    const campaign = (await call('POST', '/api/campaigns', { name: 'Ventas' })).json();
    await expectOne('campaign.created', { kind: 'campaign', id: campaign.id, name: 'Ventas' });
    await call('PATCH', `/api/campaigns/${campaign.id}`, { wrapUpSeconds: 5 });
    await expectOne('campaign.updated', { kind: 'campaign', id: campaign.id, name: 'Ventas' });

    const agent = (
      await call('POST', '/api/users', {
        username: 'ana',
        displayName: 'Ana Pérez',
        role: 'agent',
        password: 'ana-password-1',
      })
    ).json();
    await expectOne('user.created', { kind: 'user', id: agent.id, name: 'Ana Pérez (ana)' });
    await call('POST', '/api/members', { campaignIds: [campaign.id], add: [agent.id] });
    await expectOne('member.added', { kind: 'member', id: agent.id, name: 'Ana Pérez (ana) in Ventas' });
    await call('PATCH', `/api/campaigns/${campaign.id}/members/${agent.id}`, { penalty: 7 });
    await expectOne('member.updated', { kind: 'member', id: agent.id, name: 'Ana Pérez (ana) in Ventas' });
    await call('PUT', `/api/campaigns/${campaign.id}/members/order`, { agentIds: [agent.id] });
    await expectOne('members.reordered', { kind: 'campaign', id: campaign.id, name: 'Ventas' });
    await call('PATCH', `/api/users/${agent.id}`, { enabled: false });
    await expectOne('user.disabled', { kind: 'user', id: agent.id, name: 'Ana Pérez (ana)' });
    await call('POST', `/api/users/${agent.id}/password`, { password: 'ana-password-2' });
    await expectOne('user.password_reset', { kind: 'user', id: agent.id, name: 'Ana Pérez (ana)' });
    await call('PUT', '/api/settings/pause-reasons', { reasons: ['Break', 'Lunch'] });
    await expectOne('pause_reasons.updated', { kind: 'settings', id: 'pause_reasons', name: 'Pause reasons' });

    // A deleted target keeps the name it had.
    await call('DELETE', `/api/campaigns/${campaign.id}`);
    await expectOne('campaign.deleted', { kind: 'campaign', id: campaign.id, name: 'Ventas' });
    await call('DELETE', `/api/providers/${provider.id}`);
    await expectOne('provider.deleted', { kind: 'provider', id: provider.id, name: 'HN renamed' });
    const all = await t.services.audit.search({ pageSize: 200 });
    expect(all.rows.find((r) => r.target === campaign.id && r.action === 'campaign.created')?.targetName).toBe(
      'Ventas',
    );
    expect(JSON.stringify(all)).not.toContain('secret');
  });

  it('records removing a member as member.removed, once per campaign the agent left', async () => {
    const a = (await call('POST', '/api/campaigns', { name: 'Soporte A' })).json();
    const b = (await call('POST', '/api/campaigns', { name: 'Soporte B' })).json();
    const agent = await t.sessionFor('agent');
    const name = (await t.services.users.get(agent.userId)).username;
    await call('POST', '/api/members', { campaignIds: [a.id], add: [agent.userId] });
    await fresh();
    // b never had the agent: nothing was removed there, so nothing is recorded for it
    await call('POST', '/api/members', { campaignIds: [a.id, b.id], remove: [agent.userId] });
    await expectOne('member.removed', {
      kind: 'member',
      id: agent.userId,
      name: `agent ${name.match(/^agent(\d+)_/)![1]} (${name}) in Soporte A`,
    });
  });

  it("records agents' takes, transfers and closes and a supervisor's take-over and whisper", async () => {
    const provider = (
      await call('POST', '/api/providers', {
        kind: 'heynow-direct',
        name: 'HN agents',
        domain: 'http://127.0.0.1:9',
        platformId: '598',
        partnerToken: TOKEN,
      })
    ).json();
    const campaign = (
      await call('POST', '/api/campaigns', {
        name: 'Ringall',
        strategy: 'ringall',
        skills: ['ring'],
        providerIds: [provider.id],
        messages: { welcome: '' },
      })
    ).json();
    const ana = await t.sessionFor('agent');
    const bruno = await t.sessionFor('agent');
    const sofia = await t.sessionFor('supervisor');
    await t.services.users.update(sofia.userId, { campaignIds: [campaign.id] });
    const who = async (s: { userId: string }) => ({
      userId: s.userId,
      username: (await t.services.users.get(s.userId)).username,
    });
    await call('POST', '/api/members', { campaignIds: [campaign.id], add: [ana.userId, bruno.userId] });
    for (const a of [ana, bruno]) await call('POST', '/api/agent/status', { status: 'available' }, a.cookie);
    await fresh();

    const handoff = async (conversationId: string, phone: string) => {
      await t.request({
        method: 'POST',
        url: `/webhooks/heynow/${provider.id}`,
        payload: {
          event: 'handoff',
          conversationId,
          contact: { name: 'Eva', phone },
          skill: 'ring',
          messageId: conversationId,
        },
        headers: { 'x-heynow-partner-token': TOKEN },
      });
      return until('the waiting interaction', async () => {
        const inbox = (await t.request({ method: 'GET', url: '/api/agent/inbox', as: ana.cookie })).json();
        return (inbox.pending as { interactionId: string; customerNumber: string }[]).find(
          (p) => p.customerNumber === phone,
        )?.interactionId;
      });
    };

    const first = await handoff('audit-c1', '+59899000001');
    const target = { kind: 'interaction', id: first, name: 'Eva (+59899000001)' };
    await call('POST', `/api/interactions/${first}/take`, {}, ana.cookie);
    await expectOne('interaction.taken', target, { ...(await who(ana)), role: 'agent' });
    await call('POST', `/api/interactions/${first}/transfer`, { toAgentId: bruno.userId }, ana.cookie);
    const transferred = await expectOne('interaction.transferred', target, await who(ana));
    // Stored with the id; shown with the agent's name as it is now.
    const brunoUser = await t.services.users.get(bruno.userId);
    expect(transferred.detail).toBe(`to agent ${brunoUser.displayName} (${brunoUser.username})`);
    await call('POST', `/api/interactions/${first}/transfer/accept`, {}, bruno.cookie);
    await expectOne('interaction.transfer_accepted', target, await who(bruno));
    await call('POST', `/api/interactions/${first}/whisper`, { text: 'ofrecele el plan' }, sofia.cookie);
    await expectOne('whisper.sent', target, { ...(await who(sofia)), role: 'supervisor' });
    await call('POST', `/api/interactions/${first}/takeover`, {}, sofia.cookie);
    await expectOne('interaction.taken_over', target, await who(sofia));
    await call('POST', `/api/interactions/${first}/close`, {}, sofia.cookie);
    await expectOne('interaction.closed', target, await who(sofia));

    const second = await handoff('audit-c2', '+59899000002');
    await call('POST', `/api/interactions/${second}/take`, {}, ana.cookie);
    await fresh();
    await call('POST', `/api/interactions/${second}/close`, {}, ana.cookie);
    await expectOne(
      'interaction.closed',
      { kind: 'interaction', id: second, name: 'Eva (+59899000002)' },
      await who(ana),
    );
    expect(JSON.stringify(await t.services.audit.search({ pageSize: 200 }))).not.toContain('ofrecele');
  });

  const audit = async (query: string) => {
    const res = await t.request({ method: 'GET', url: `/api/audit?pageSize=200&${query}`, as: admin.cookie });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { rows: AuditEntry[]; total: number };
  };

  it('filters by campaign: the campaign, its members and its interactions, nothing of another campaign', async () => {
    const mine = (await call('POST', '/api/campaigns', { name: 'Filtrada' })).json();
    const other = (await call('POST', '/api/campaigns', { name: 'Otra' })).json();
    const agent = await t.sessionFor('agent');
    await call('POST', '/api/members', { campaignIds: [mine.id, other.id], add: [agent.userId] });
    await call('PATCH', `/api/campaigns/${mine.id}/members/${agent.userId}`, { penalty: 7 });
    await call('PATCH', `/api/campaigns/${other.id}`, { name: 'Otra bis' });

    const found = await audit(`campaignId=${encodeURIComponent(mine.id)}`);
    expect(found.rows.map((r) => r.action).sort()).toEqual(['campaign.created', 'member.added', 'member.updated']);
    expect(found.total).toBe(3);
    const none = await audit(`campaignId=${encodeURIComponent(other.id)}&action=member.updated`);
    expect(none.rows).toEqual([]);

    // The interactions of the campaign the previous test worked in are in its filter too.
    const ringall = (await t.services.campaigns.list()).find((c) => c.name === 'Ringall')!;
    const work = await audit(`campaignId=${encodeURIComponent(ringall.id)}&action=interaction.taken`);
    expect(work.rows.length).toBeGreaterThan(0);
    expect(work.rows.every((r) => r.targetKind === 'interaction')).toBe(true);
    await fresh(); // the later tests look only at records written after this one
  });

  it('filters by actor and action together, and refuses an action it does not know', async () => {
    const byAdmin = await audit(`userId=${admin.userId}&action=campaign.created`);
    expect(byAdmin.rows.length).toBeGreaterThan(0);
    expect(byAdmin.rows.every((r) => r.userId === admin.userId && r.action === 'campaign.created')).toBe(true);
    const bad = await t.request({ method: 'GET', url: '/api/audit?action=campaign.exploded', as: admin.cookie });
    expect(bad.statusCode).toBe(400);
  });

  it('names the target as it is now when an older record stored no name', async () => {
    const campaign = (await call('POST', '/api/campaigns', { name: 'Sin nombre guardado' })).json();
    await t.database.db.updateTable('audit_log').set({ target_name: null }).where('target', '=', campaign.id).execute();
    const rows = (await audit(`campaignId=${encodeURIComponent(campaign.id)}`)).rows;
    expect(rows.map((r) => r.targetName)).toEqual(['Sin nombre guardado']);
    await fresh();
  });

  it('leaves no record of a change whose transaction fails after the record was written', async () => {
    writer.mode = 'write-then-fail';
    try {
      const res = await t.request({
        method: 'POST',
        url: '/api/campaigns',
        payload: { name: 'Never' },
        as: admin.cookie,
      });
      expect(res.statusCode).toBe(500);
    } finally {
      writer.mode = 'ok';
    }
    expect(await fresh()).toEqual([]);
    expect((await t.services.campaigns.list()).map((c) => c.name)).not.toContain('Never');
  });

  it('rolls the change back when its audit record cannot be written', async () => {
    const provider = (
      await call('POST', '/api/providers', {
        kind: 'heynow-direct',
        name: 'HN rollback',
        domain: 'http://127.0.0.1:9',
        platformId: '598',
        partnerToken: TOKEN,
      })
    ).json();
    const campaign = (
      await call('POST', '/api/campaigns', {
        name: 'Rollback',
        strategy: 'ringall',
        skills: ['rb'],
        providerIds: [provider.id],
        messages: { welcome: '' },
      })
    ).json();
    const ana = await t.sessionFor('agent');
    await call('POST', '/api/members', { campaignIds: [campaign.id], add: [ana.userId] });
    await call('POST', '/api/agent/status', { status: 'available' }, ana.cookie);
    await t.request({
      method: 'POST',
      url: `/webhooks/heynow/${provider.id}`,
      payload: {
        event: 'handoff',
        conversationId: 'rb-1',
        contact: { phone: '+59899000009' },
        skill: 'rb',
        messageId: 'rb-1',
      },
      headers: { 'x-heynow-partner-token': TOKEN },
    });
    const waiting = await until('the waiting interaction', async () => {
      const inbox = (await t.request({ method: 'GET', url: '/api/agent/inbox', as: ana.cookie })).json();
      return (inbox.pending as { interactionId: string }[])[0]?.interactionId;
    });
    await fresh();

    const failing = async (method: 'POST' | 'PATCH' | 'PUT', url: string, payload: object, as = admin.cookie) => {
      writer.mode = 'fail';
      try {
        const res = await t.request({ method, url, payload, as });
        expect(res.statusCode, `${method} ${url}`).toBe(500);
      } finally {
        writer.mode = 'ok';
      }
    };
    await failing('POST', '/api/providers', {
      kind: 'heynow-direct',
      name: 'HN never',
      domain: 'https://x.example',
      platformId: '1',
      partnerToken: 'x-token',
    });
    expect((await t.services.providers.list()).map((p) => p.name)).not.toContain('HN never');
    await failing('PATCH', `/api/campaigns/${campaign.id}`, { name: 'Renamed' });
    expect((await t.services.campaigns.get(campaign.id)).name).toBe('Rollback');
    await failing('POST', '/api/members', { campaignIds: [campaign.id], remove: [ana.userId] });
    expect((await t.services.members.list(campaign.id)).map((m) => m.agentId)).toEqual([ana.userId]);
    await failing('PATCH', `/api/users/${ana.userId}`, { enabled: false });
    expect((await t.services.users.get(ana.userId)).enabled).toBe(true);
    await failing('PUT', '/api/settings/pause-reasons', { reasons: ['Only this'] });
    expect(await t.services.settings.pauseReasons()).not.toEqual(['Only this']);

    // A take goes through the router: the failed record undoes the take, and the router takes the
    // database's word again, so the same take succeeds once the log is back.
    await failing('POST', `/api/interactions/${waiting}/take`, {}, ana.cookie);
    const row = await t.database.db.selectFrom('interactions').selectAll().where('id', '=', waiting).executeTakeFirst();
    expect(row).toMatchObject({ status: 'waiting', owner_agent_id: null });
    expect(await fresh()).toEqual([]);
    await call('POST', `/api/interactions/${waiting}/take`, {}, ana.cookie);
    await fresh();
    await failing('POST', `/api/interactions/${waiting}/close`, {}, ana.cookie);
    expect(
      (await t.database.db.selectFrom('interactions').select('status').where('id', '=', waiting).executeTakeFirst())
        ?.status,
    ).toBe('active');
    expect(await fresh()).toEqual([]);
  });
});
