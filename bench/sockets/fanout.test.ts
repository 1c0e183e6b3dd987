import { describe, expect, it } from 'vitest';
import { waitingInteraction } from './fanout';

const frame = (event: unknown) => Buffer.from(JSON.stringify(event));

describe('waitingInteraction', () => {
  it("finds the interaction of Switchboard's waiting inbox.changed", () => {
    const event = {
      seq: 12,
      type: 'inbox.changed',
      at: 1,
      data: { interactionId: 'int_01J9', campaignId: 'cmp_1', status: 'waiting', ownerAgentId: null },
    };
    expect(waitingInteraction(frame(event))).toBe('int_01J9');
  });

  it("finds the interaction of the baseline's padded event", () => {
    const event = { type: 'inbox.changed', at: 1, data: { interactionId: 'baseline-3', status: 'waiting', pad: 'xx' } };
    expect(waitingInteraction(frame(event))).toBe('baseline-3');
  });

  it('ignores other events and other statuses', () => {
    const data = { interactionId: 'int_1', status: 'waiting' };
    expect(waitingInteraction(frame({ type: 'interaction.changed', data }))).toBeNull();
    expect(waitingInteraction(frame({ type: 'inbox.changed', data: { ...data, status: 'active' } }))).toBeNull();
    expect(waitingInteraction(frame({ type: 'resync', data: { fresh: true } }))).toBeNull();
  });
});
