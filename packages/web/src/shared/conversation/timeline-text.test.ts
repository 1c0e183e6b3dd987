import type { TimelineEvent, TimelineExplanation, TimelineFacts } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { describeExplanation, describeTimelineEvent } from './timeline-text';

const en = i18n.getFixedT('en');
const es = i18n.getFixedT('es');
const pt = i18n.getFixedT('pt');

const entry = (type: string, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
  at: 0,
  type,
  campaignId: 'c-1',
  agentId: 'u-ana',
  text: 'router text with u-ana and c-1',
  agentName: 'Ana',
  campaignName: 'Ventas',
  facts: {},
  ...extra,
});

const explanation: TimelineExplanation = {
  strategy: 'rrmemory',
  deliveryMode: 'linear',
  phase: null,
  considered: 3,
  eligible: 1,
  chosenName: 'Ana',
  tieBreak: 'rrmemory',
  afterName: 'Bruno',
  waitingAhead: 0,
  excluded: [
    { name: 'Bruno', code: 'paused', reason: 'Almuerzo' },
    { name: 'Carla', code: 'at_capacity' },
  ],
  excludedCount: 3,
};

describe('describeTimelineEvent', () => {
  it.each([
    ['entered_queue', {}, 'Entered the queue of Ventas'],
    ['assigned', {}, 'Assigned to Ana in Ventas'],
    ['assigned', { bySupervisor: true }, 'Assigned by a supervisor to Ana in Ventas'],
    ['offered', {}, 'Offered to Ana in Ventas'],
    ['taken', {}, 'Ana took it in Ventas'],
    ['offer_declined', {}, 'Ana declined the offer'],
    ['offer_expired', {}, 'Ana did not accept the offer in time'],
    ['transfer_requested', { toAgentName: 'Bruno' }, 'Ana asked to transfer it to Bruno'],
    ['transferred', { fromAgentName: 'Bruno' }, 'Transferred from Bruno to Ana'],
    ['transferred', { fromAgentName: 'Bruno', bySupervisor: true }, 'Moved by a supervisor from Bruno to Ana'],
    ['transferred', { fromCampaignName: 'Soporte' }, 'Moved from Soporte to Ventas'],
    ['transfer_returned', {}, 'The transfer came back to Ana'],
    ['taken_over', { fromAgentName: 'Bruno' }, 'Ana (supervisor) took it over from Bruno'],
    ['released', { byName: 'Sofía' }, 'Sofía released it to Ana'],
    ['customer_left', {}, 'The customer left the conversation'],
    ['closed', { reason: 'customer_left' }, 'Closed: the customer left'],
    ['closed', { reason: 'unrouted' }, 'Closed: no campaign takes its topic'],
    ['closed', { reason: 'agent', disposition: ['Ventas', 'Precio'] }, 'Closed: by whoever held it — Ventas › Precio'],
    ['closed', { reason: 'some_new_reason' }, 'Closed: some new reason'],
    ['brand_new_type', {}, 'Event: brand new type'],
  ] as [string, TimelineFacts, string][])('says %s %j in English', (type, facts, expected) => {
    expect(describeTimelineEvent(entry(type, { facts }), en)).toBe(expected);
  });

  it('releases to the queue when nobody receives it', () => {
    expect(
      describeTimelineEvent(entry('released', { agentId: null, agentName: null, facts: { byName: 'Sofía' } }), en),
    ).toBe('Sofía released it back to the queue of Ventas');
  });

  it('speaks Spanish and Portuguese', () => {
    expect(describeTimelineEvent(entry('assigned'), es)).toBe('Asignada a Ana en Ventas');
    expect(describeTimelineEvent(entry('closed', { facts: { reason: 'customer_left' } }), pt)).toBe(
      'Encerrada: o cliente saiu',
    );
    expect(describeTimelineEvent(entry('customer_left'), es)).toBe('El cliente dejó la conversación');
  });

  it('names people from what the page knows when the server sent ids only, and never shows an id', () => {
    const bare = entry('assigned', { agentName: undefined, campaignName: undefined, facts: undefined });
    expect(
      describeTimelineEvent(bare, en, {
        agent: (id) => (id === 'u-ana' ? 'Ana' : undefined),
        campaign: (id) => (id === 'c-1' ? 'Ventas' : undefined),
      }),
    ).toBe('Assigned to Ana in Ventas');
    const unknown = describeTimelineEvent(bare, en);
    expect(unknown).toBe('Assigned to someone in a campaign');
    expect(unknown).not.toContain('u-ana');
  });
});

describe('describeExplanation', () => {
  it('explains the choice, the skipped agents and how many more were skipped', () => {
    expect(describeExplanation(explanation, en)).toBe(
      'chose Ana by round robin (after Bruno); 1 of 3 agents eligible; Bruno skipped: paused (Almuerzo); ' +
        'Carla skipped: at their conversation limit; 1 more skipped',
    );
  });

  it('says why nothing was chosen', () => {
    const none = { ...explanation, chosenName: null, eligible: 0, excluded: [], excludedCount: 0 };
    expect(describeExplanation(none, es)).toBe('nadie estaba disponible; 0 de 3 agentes disponibles');
    expect(describeExplanation({ ...none, waitingAhead: 2 }, en)).toBe(
      '2 older conversations wait ahead of it; 0 of 3 agents eligible',
    );
    expect(describeExplanation({ ...none, considered: 0 }, pt)).toBe('a campanha não tem membros');
  });

  it('says that ring-all strategies wait for a take', () => {
    expect(describeExplanation({ ...explanation, strategy: 'ringall', excluded: [], excludedCount: 0 }, en)).toBe(
      'waits for an agent to take it; 1 of 3 agents eligible',
    );
  });
});
