import { explain, type Decision } from '@switchboard/core';
import type { AgentStatusName, Campaign } from '@switchboard/protocol';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DialectName } from '../storage/database';
import type { InteractionStatus, Tables } from '../storage/schema';
import type { RouterPorts } from './router-ports';

/** Writes the audit record of an action, inside the transaction of the decisions it caused. */
export type DecisionAudit = (trx: Transaction<Tables>, persisted: readonly Decision[]) => Promise<void>;

export interface PersistOutcome {
  /** Interactions whose conditional write lost: the router must resync them from the database. */
  conflicts: Set<string>;
  /** Decisions that reached the database, to announce after commit. */
  persisted: Decision[];
  outboxTouched: boolean;
}

const HELD = ['offered', 'active'] as const;

/**
 * Writes routing decisions in one transaction. Every change of owner is a conditional UPDATE that re-checks
 * the invariants in the database itself — the interaction is still where the router thinks it is, and the
 * agent's load in that campaign is below the cap — so a second router, a second node or a stale state can
 * lose a race but can never break D4's invariants.
 */
export class DecisionWriter {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly dialect: DialectName,
    private readonly ports: RouterPorts,
    private readonly campaign: (id: string) => Campaign | undefined,
  ) {}

  /**
   * `audit`, when given, runs last in the same transaction with the decisions that were written, so whoever
   * submitted the event records what they did with the change itself (or not at all).
   */
  async persist(decisions: Decision[], now: number, audit?: DecisionAudit): Promise<PersistOutcome> {
    const outcome: PersistOutcome = { conflicts: new Set(), persisted: [], outboxTouched: false };
    if (!decisions.some(needsWrite)) return { ...outcome, persisted: decisions };
    await this.db.transaction().execute(async (trx) => {
      for (const d of decisions) {
        const ok = await this.write(trx, d, now, outcome);
        if (ok) outcome.persisted.push(d);
        else if ('interactionId' in d) outcome.conflicts.add(d.interactionId);
      }
      if (audit) await audit(trx, outcome.persisted);
    });
    return outcome;
  }

  /** Serialises changes of one agent's load across connections (PostgreSQL); SQLite has one writer anyway. */
  private async lockAgent(trx: Transaction<Tables>, agentId: string): Promise<void> {
    if (this.dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(hashtext(${'agent:' + agentId}))`.execute(trx);
  }

  /** Moves an interaction from `from` to a held state for `agentId`, only while the agent is under the cap. */
  private async claim(
    trx: Transaction<Tables>,
    d: { interactionId: string; campaignId: string; agentId: string },
    from: InteractionStatus,
    to: 'offered' | 'active',
    now: number,
  ): Promise<boolean> {
    await this.lockAgent(trx, d.agentId);
    const max = this.campaign(d.campaignId)?.maxInteractionsPerAgent ?? 1;
    const held = await trx
      .selectFrom('interactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('owner_agent_id', '=', d.agentId)
      .where('campaign_id', '=', d.campaignId)
      .where('status', 'in', HELD)
      .executeTakeFirstOrThrow();
    if (Number(held.n) >= max) return false;
    const res = await trx
      .updateTable('interactions')
      .set({
        status: to,
        owner_agent_id: d.agentId,
        ...(to === 'active' ? { taken_at: now } : { offered_at: now }),
        version: sql`version + 1`,
      })
      .where('id', '=', d.interactionId)
      .where('status', '=', from)
      .where('campaign_id', '=', d.campaignId)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  private async release(trx: Transaction<Tables>, interactionId: string, agentId: string): Promise<boolean> {
    const res = await trx
      .updateTable('interactions')
      .set({ status: 'waiting', owner_agent_id: null, offered_at: null, version: sql`version + 1` })
      .where('id', '=', interactionId)
      .where('status', '=', 'offered')
      .where('owner_agent_id', '=', agentId)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  private async presence(
    trx: Transaction<Tables>,
    agentId: string,
    status: AgentStatusName,
    reason: string | null,
    now: number,
    wrapupUntil: number | null = null,
  ) {
    const values = { status, reason, since: now, wrapup_until: wrapupUntil };
    await trx
      .insertInto('agent_presence')
      .values({ agent_id: agentId, on_call: 0, ...values })
      .onConflict((oc) => oc.column('agent_id').doUpdateSet(values))
      .execute();
  }

  private text(campaignId: string, which: 'notAvailable' | 'outOfTime'): string | undefined {
    return this.campaign(campaignId)?.messages[which] || undefined;
  }

  private async write(trx: Transaction<Tables>, d: Decision, now: number, outcome: PersistOutcome): Promise<boolean> {
    const timeline = (
      interactionId: string,
      type: string,
      extra: { campaignId?: string; agentId?: string | null; detail?: unknown } = {},
    ) => this.ports.recordTimeline(trx, { interactionId, type, at: now, ...extra });
    switch (d.type) {
      case 'assigned':
      case 'taken': {
        if (!(await this.claim(trx, d, 'waiting', 'active', now))) return false;
        await this.ports.enqueueAttended(trx, d.interactionId, d.agentId, now);
        outcome.outboxTouched = true;
        await timeline(d.interactionId, d.type, {
          campaignId: d.campaignId,
          agentId: d.agentId,
          detail: { text: explain(d), ...('explanation' in d ? { explanation: d.explanation } : {}) },
        });
        return true;
      }
      case 'offered': {
        if (!(await this.claim(trx, d, 'waiting', 'offered', now))) return false;
        await timeline(d.interactionId, 'offered', {
          campaignId: d.campaignId,
          agentId: d.agentId,
          detail: { text: explain(d), deadline: d.deadline, explanation: d.explanation },
        });
        return true;
      }
      case 'offer_accepted': {
        const res = await trx
          .updateTable('interactions')
          .set({ status: 'active', taken_at: now, version: sql`version + 1` })
          .where('id', '=', d.interactionId)
          .where('status', '=', 'offered')
          .where('owner_agent_id', '=', d.agentId)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) return false;
        await this.ports.enqueueAttended(trx, d.interactionId, d.agentId, now);
        outcome.outboxTouched = true;
        await timeline(d.interactionId, 'taken', { campaignId: d.campaignId, agentId: d.agentId });
        return true;
      }
      case 'offer_declined':
      case 'offer_expired':
      case 'offer_withdrawn': {
        if (!(await this.release(trx, d.interactionId, d.agentId))) return false;
        await timeline(d.interactionId, d.type, {
          campaignId: d.campaignId,
          agentId: d.agentId,
          detail: { text: explain(d) },
        });
        return true;
      }
      case 'agent_auto_paused':
        await this.presence(trx, d.agentId, 'paused', 'Missed offers', now);
        return true;
      case 'wrapup_started':
        await this.presence(trx, d.agentId, 'wrapup', null, now, d.until);
        return true;
      case 'wrapup_ended':
        await this.presence(trx, d.agentId, 'available', null, now);
        return true;
      case 'rejected_queue_full':
        await this.ports.closeWithReason(
          trx,
          d.interactionId,
          'queue_full',
          this.text(d.campaignId, 'notAvailable'),
          now,
        );
        outcome.outboxTouched = true;
        return true;
      case 'arrival_rejected': {
        if (d.reason === 'duplicate') return true;
        const text = this.text(d.campaignId, d.reason === 'out_of_schedule' ? 'outOfTime' : 'notAvailable');
        await this.ports.closeWithReason(trx, d.interactionId, d.reason, text, now);
        outcome.outboxTouched = true;
        return true;
      }
      case 'closed': {
        // Agent closes and customer departures are written by whoever learnt of them, before the router hears.
        if (d.reason === 'agent' || d.reason === 'customer_left') return true;
        const text = this.text(d.campaignId, d.reason === 'out_of_schedule' ? 'outOfTime' : 'notAvailable');
        await this.ports.closeWithReason(trx, d.interactionId, d.reason, text, now);
        outcome.outboxTouched = true;
        return true;
      }
      case 'transfer_requested': {
        const record = JSON.stringify({ fromAgentId: d.fromAgentId, toAgentId: d.toAgentId, deadline: d.deadline });
        await trx
          .updateTable('interactions')
          .set({ transfer_json: record, version: sql`version + 1` })
          .where('id', '=', d.interactionId)
          .execute();
        await timeline(d.interactionId, 'transfer_requested', {
          agentId: d.fromAgentId,
          detail: { toAgentId: d.toAgentId, deadline: d.deadline },
        });
        return true;
      }
      case 'transfer_accepted': {
        const res = await trx
          .updateTable('interactions')
          .set({ owner_agent_id: d.toAgentId, transfer_json: null, version: sql`version + 1` })
          .where('id', '=', d.interactionId)
          .where('owner_agent_id', '=', d.fromAgentId)
          .where('status', '=', 'active')
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) return false;
        await timeline(d.interactionId, 'transferred', {
          agentId: d.toAgentId,
          detail: { fromAgentId: d.fromAgentId },
        });
        return true;
      }
      case 'transfer_returned':
        await trx
          .updateTable('interactions')
          .set({ transfer_json: null, version: sql`version + 1` })
          .where('id', '=', d.interactionId)
          .execute();
        await timeline(d.interactionId, 'transfer_returned', {
          agentId: d.agentId,
          detail: { text: explain(d), agentPath: d.agentPath },
        });
        return true;
      case 'transferred_to_campaign': {
        const res = await trx
          .updateTable('interactions')
          .set({
            campaign_id: d.toCampaignId,
            status: 'waiting',
            owner_agent_id: null,
            transfer_json: null,
            version: sql`version + 1`,
          })
          .where('id', '=', d.interactionId)
          .where('status', '=', 'active')
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) return false;
        await timeline(d.interactionId, 'transferred', {
          campaignId: d.toCampaignId,
          agentId: d.fromAgentId,
          detail: { fromCampaignId: d.fromCampaignId },
        });
        return true;
      }
      default:
        return true;
    }
  }
}

function needsWrite(d: Decision): boolean {
  return !['queued', 'take_rejected', 'transfer_rejected', 'transfer_accept_rejected', 'resynced', 'ignored'].includes(
    d.type,
  );
}
