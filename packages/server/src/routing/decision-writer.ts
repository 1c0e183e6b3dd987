import { explain, type Decision } from '@switchboard/core';
import type { AgentStatusName, AuditAction, Campaign } from '@switchboard/protocol';
import { sql, type Kysely, type Transaction } from 'kysely';
import { providerNotAvailableText } from '../conversations/ingest/campaign-directory';
import * as interactions from '../conversations/interaction-repository';
import type { DialectName } from '../storage/database';
import { interactionTarget, type Actor, type AuditWriter } from '../supervision/audit-log';
import type { Tables } from '../storage/schema';
import type { RouterPorts } from './router-ports';

/**
 * The record of a user's action, written inside the transaction of the decisions it caused, only when one of
 * the decisions it names was written for its interaction. Plain data, so a command can travel to the router
 * on another node with its audit record.
 */
export interface DecisionAudit {
  when: readonly Decision['type'][];
  interactionId: string;
  action: AuditAction;
  /** The user, or the id of a user to read it from. */
  actor: Actor | string;
  detail?: string | null;
}

/** What a command carries for the writer beyond the engine's event (the engine needs none of it). */
export interface CommandContext {
  /** The agent's disposition, stored by the close it goes with. */
  disposition?: unknown;
}

export interface PersistOutcome {
  /** Interactions whose conditional write lost: the router must resync them from the database. */
  conflicts: Set<string>;
  /** Decisions that reached the database, to announce after commit. */
  persisted: Decision[];
  outboxTouched: boolean;
}

/** One command's share of a transaction: its decisions, and what goes with them. */
export interface PersistRequest {
  decisions: Decision[];
  audit?: DecisionAudit;
  context?: CommandContext;
}

/**
 * Writes routing decisions in one transaction. Every change of owner is a conditional UPDATE that re-checks
 * the invariants in the database itself — the interaction is still where the router thinks it is, and the
 * agent's load in that campaign is below the cap — so a second router, a second node or a stale state can
 * lose a race but can never break the routing invariants.
 */
export class DecisionWriter {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly dialect: DialectName,
    private readonly ports: RouterPorts,
    private readonly campaign: (id: string) => Campaign | undefined,
    /** Every campaign the router knows: a provider speaks through its first one when no campaign takes a hand-off. */
    private readonly campaigns: () => Iterable<Campaign>,
    private readonly auditLog: AuditWriter,
    /**
     * Runs first in every transaction that writes decisions and throws when this router is no longer the
     * leader (several nodes): a router paused past its lease cannot write over its successor's decisions.
     */
    private readonly fence: (trx: Transaction<Tables>) => Promise<void> = async () => undefined,
  ) {}

  /**
   * `audit`, when given, runs last in the same transaction with the decisions that were written, so whoever
   * submitted the event records what they did with the change itself (or not at all).
   */
  async persist(
    decisions: Decision[],
    now: number,
    audit?: DecisionAudit,
    context: CommandContext = {},
  ): Promise<PersistOutcome> {
    const [outcome] = await this.persistMany([{ decisions, ...(audit ? { audit } : {}), context }], now);
    return outcome!;
  }

  /**
   * The decisions of several commands in one transaction (group commit): one fence and one commit for all,
   * one outcome per command, in order. All or nothing: if it throws, none of them was written.
   */
  async persistMany(commands: readonly PersistRequest[], now: number): Promise<PersistOutcome[]> {
    const outcomes = commands.map((): PersistOutcome => ({
      conflicts: new Set(),
      persisted: [],
      outboxTouched: false,
    }));
    if (!commands.some((c) => c.decisions.some(needsWrite))) {
      commands.forEach((c, i) => outcomes[i]!.persisted.push(...c.decisions));
      return outcomes;
    }
    await this.db.transaction().execute(async (trx) => {
      await this.fence(trx);
      for (const [i, { decisions, audit, context = {} }] of commands.entries()) {
        const outcome = outcomes[i]!;
        for (const d of decisions) {
          const ok = await this.write(trx, d, now, outcome, context);
          if (ok) outcome.persisted.push(d);
          else if ('interactionId' in d) outcome.conflicts.add(d.interactionId);
        }
        if (audit) await this.record(trx, audit, outcome.persisted);
      }
    });
    return outcomes;
  }

  private async record(trx: Transaction<Tables>, audit: DecisionAudit, persisted: readonly Decision[]): Promise<void> {
    const happened = persisted.some(
      (d) => audit.when.includes(d.type) && 'interactionId' in d && d.interactionId === audit.interactionId,
    );
    if (!happened) return;
    // Named as the interaction is now, read in this transaction.
    const row = await trx
      .selectFrom('interactions')
      .select(['id', 'customer_name', 'customer_number'])
      .where('id', '=', audit.interactionId)
      .executeTakeFirst();
    await this.auditLog.write(trx, {
      action: audit.action,
      actor: audit.actor,
      target: row ? interactionTarget(row) : { kind: 'interaction', id: audit.interactionId, name: null },
      detail: audit.detail ?? null,
    });
  }

  /** Serialises changes of one agent's load across connections (PostgreSQL); SQLite has one writer anyway. */
  private async lockAgent(trx: Transaction<Tables>, agentId: string): Promise<void> {
    if (this.dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(hashtext(${'agent:' + agentId}))`.execute(trx);
  }

  /** Moves a waiting interaction to a held state for `agentId`, only while the agent is under the cap. */
  private async claim(
    trx: Transaction<Tables>,
    d: { interactionId: string; campaignId: string; agentId: string },
    to: 'offered' | 'active',
    now: number,
  ): Promise<boolean> {
    await this.lockAgent(trx, d.agentId);
    return interactions.claimWaiting(trx, { ...d, max: this.cap(d.campaignId), at: now }, to);
  }

  /** An active interaction changes hands to `agentId` under the cap (a move, or a release after a take-over). */
  private async handOver(
    trx: Transaction<Tables>,
    d: { interactionId: string; campaignId: string },
    fromOwner: string,
    agentId: string,
    fromTakeOver: boolean,
    now: number,
  ): Promise<boolean> {
    await this.lockAgent(trx, agentId);
    return interactions.handOver(trx, {
      interactionId: d.interactionId,
      campaignId: d.campaignId,
      agentId,
      max: this.cap(d.campaignId),
      at: now,
      fromOwner,
      fromTakeOver,
    });
  }

  private cap(campaignId: string): number {
    return this.campaign(campaignId)?.maxInteractionsPerAgent ?? 1;
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

  /**
   * What a hand-off refused at the door is told: the out-of-time text of its campaign; else its campaign's "not
   * available" text, or the provider's when it has no campaign (or its campaign says nothing).
   */
  private async refusalText(
    trx: Transaction<Tables>,
    d: Extract<Decision, { type: 'arrival_rejected' }>,
  ): Promise<string | undefined> {
    if (d.reason === 'out_of_schedule' && d.campaignId !== null) return this.text(d.campaignId, 'outOfTime');
    const own = d.campaignId === null ? undefined : this.text(d.campaignId, 'notAvailable');
    if (own) return own;
    const row = await trx
      .selectFrom('interactions')
      .select('provider_id')
      .where('id', '=', d.interactionId)
      .executeTakeFirst();
    return row ? providerNotAvailableText(this.campaigns(), row.provider_id) : undefined;
  }

  private async write(
    trx: Transaction<Tables>,
    d: Decision,
    now: number,
    outcome: PersistOutcome,
    context: CommandContext,
  ): Promise<boolean> {
    const timeline = (
      interactionId: string,
      type: string,
      extra: { campaignId?: string; agentId?: string | null; detail?: unknown } = {},
    ) => this.ports.recordTimeline(trx, { interactionId, type, at: now, ...extra });
    switch (d.type) {
      case 'assigned':
      case 'taken': {
        if (!(await this.claim(trx, d, 'active', now))) return false;
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
        if (!(await this.claim(trx, d, 'offered', now))) return false;
        await timeline(d.interactionId, 'offered', {
          campaignId: d.campaignId,
          agentId: d.agentId,
          detail: { text: explain(d), deadline: d.deadline, explanation: d.explanation },
        });
        return true;
      }
      case 'offer_accepted': {
        if (!(await interactions.acceptOffer(trx, d.interactionId, d.agentId, now))) return false;
        await this.ports.enqueueAttended(trx, d.interactionId, d.agentId, now);
        outcome.outboxTouched = true;
        await timeline(d.interactionId, 'taken', { campaignId: d.campaignId, agentId: d.agentId });
        return true;
      }
      case 'offer_declined':
      case 'offer_expired':
      case 'offer_withdrawn': {
        if (!(await interactions.releaseOffer(trx, d.interactionId, d.agentId))) return false;
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
        const text = await this.refusalText(trx, d);
        await this.ports.closeWithReason(trx, d.interactionId, d.reason, text, now);
        outcome.outboxTouched = true;
        return true;
      }
      case 'closed': {
        // Ingest recorded the provider's word that the customer left; the close itself is decided here.
        if (d.reason === 'customer_left') return this.ports.closeLeft(trx, d.interactionId, d.abandoned, now);
        if (d.reason === 'agent') {
          // The holder (agent, or the supervisor after a take-over) closes; the disposition goes with it.
          if (d.agentId === null) return false;
          const disposition = context.disposition;
          const campaign = this.campaign(d.campaignId);
          const result = await this.ports.closeByHolder(
            trx,
            d.interactionId,
            d.agentId,
            disposition ?? null,
            now,
            campaign?.survey.enabled ? { question: campaign.survey.question, language: campaign.language } : undefined,
          );
          if (!result) return false;
          outcome.outboxTouched = true;
          return true;
        }
        const text = this.text(d.campaignId, d.reason === 'out_of_schedule' ? 'outOfTime' : 'notAvailable');
        await this.ports.closeWithReason(trx, d.interactionId, d.reason, text, now);
        outcome.outboxTouched = true;
        return true;
      }
      case 'transfer_requested': {
        const requested = await interactions.requestTransfer(trx, d.interactionId, {
          fromAgentId: d.fromAgentId,
          toAgentId: d.toAgentId,
          at: now,
          deadline: d.deadline,
        });
        if (!requested) return false;
        await timeline(d.interactionId, 'transfer_requested', {
          agentId: d.fromAgentId,
          detail: { toAgentId: d.toAgentId, deadline: d.deadline },
        });
        return true;
      }
      case 'transfer_accepted': {
        if (!(await interactions.acceptTransfer(trx, d.interactionId, d.fromAgentId, d.toAgentId))) return false;
        await timeline(d.interactionId, 'transferred', {
          agentId: d.toAgentId,
          detail: { fromAgentId: d.fromAgentId },
        });
        return true;
      }
      case 'transfer_returned':
        await interactions.clearTransfer(trx, d.interactionId);
        await timeline(d.interactionId, 'transfer_returned', {
          agentId: d.agentId,
          detail: { text: explain(d), agentPath: d.agentPath },
        });
        return true;
      case 'transferred_to_campaign': {
        if (!(await interactions.moveToCampaign(trx, d.interactionId, d.toCampaignId))) return false;
        await timeline(d.interactionId, 'transferred', {
          campaignId: d.toCampaignId,
          agentId: d.fromAgentId,
          detail: { fromCampaignId: d.fromCampaignId },
        });
        return true;
      }
      case 'taken_over': {
        if (!(await interactions.takeOver(trx, d.interactionId, d.fromAgentId, d.staffId, now))) return false;
        await timeline(d.interactionId, 'taken_over', {
          campaignId: d.campaignId,
          agentId: d.staffId,
          detail: { fromAgentId: d.fromAgentId, text: explain(d) },
        });
        return true;
      }
      case 'takeover_released': {
        const ok =
          d.toAgentId === null
            ? await interactions.releaseToQueue(trx, d.interactionId, d.staffId)
            : await this.handOver(trx, d, d.staffId, d.toAgentId, true, now);
        if (!ok) return false;
        if (d.toAgentId !== null) {
          await this.ports.enqueueAttended(trx, d.interactionId, d.toAgentId, now);
          outcome.outboxTouched = true;
        }
        await timeline(d.interactionId, 'released', {
          campaignId: d.campaignId,
          agentId: d.toAgentId,
          detail: { byUserId: d.staffId, text: explain(d) },
        });
        return true;
      }
      case 'supervisor_assigned': {
        if (!(await this.claim(trx, d, 'active', now))) return false;
        await this.ports.enqueueAttended(trx, d.interactionId, d.agentId, now);
        outcome.outboxTouched = true;
        await timeline(d.interactionId, 'assigned', {
          campaignId: d.campaignId,
          agentId: d.agentId,
          detail: { text: explain(d), bySupervisor: true },
        });
        return true;
      }
      case 'moved': {
        if (!(await this.handOver(trx, d, d.fromAgentId, d.toAgentId, false, now))) return false;
        await timeline(d.interactionId, 'transferred', {
          campaignId: d.campaignId,
          agentId: d.toAgentId,
          detail: { fromAgentId: d.fromAgentId, text: explain(d), bySupervisor: true },
        });
        return true;
      }
      default:
        return true;
    }
  }
}

function needsWrite(d: Decision): boolean {
  return ![
    'queued',
    'take_rejected',
    'transfer_rejected',
    'transfer_accept_rejected',
    'supervision_rejected',
    'resynced',
    'ignored',
  ].includes(d.type);
}
