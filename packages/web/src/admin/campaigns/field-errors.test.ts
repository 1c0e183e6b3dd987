import { describe, expect, it } from 'vitest';
import { campaignFieldTarget, fieldOfError, tabsWithErrors } from './field-errors';

describe('campaignFieldTarget', () => {
  it.each([
    ['name', 'basic', 'name'],
    ['skills', 'basic', 'skills'],
    ['skills.1', 'basic', 'skills'],
    ['providerIds.0', 'basic', 'providerIds'],
    ['thresholds.serviceLevel', 'basic', 'thresholds.serviceLevel'],
    ['thresholds.acd', 'limits', 'thresholds.acd'],
    ['maxInteractionsPerAgent', 'limits', 'maxInteractionsPerAgent'],
    ['offerTimeout', 'limits', 'offerTimeout.seconds'],
    ['offerTimeout.pauseAfterMisses', 'limits', 'offerTimeout.pauseAfterMisses'],
    ['schedule.timezone', 'schedule', 'schedule.timezone'],
    ['schedule.ranges.0.to', 'schedule', 'schedule.ranges.0.to'],
    ['schedule.ranges.3', 'schedule', 'schedule.ranges.3'],
    ['schedule', 'schedule', 'schedule.ranges'],
    ['cannedResponses.2.shortcut', 'canned', 'cannedResponses.2.shortcut'],
    ['cannedResponses.2', 'canned', 'cannedResponses.2.title'],
    ['dispositions.0.children.1.name', 'dispositions', 'dispositions.0.children.1.name'],
    ['dispositions.0.children.1', 'dispositions', 'dispositions.0.children.1.name'],
    ['dispositions.1.children.0.children.2.enabled', 'dispositions', 'dispositions.1.children.0.children.2.name'],
    ['messages.outOfTime', 'messages', 'messages.outOfTime'],
  ])('%s → %s tab, input %s', (field, tab, path) => {
    expect(campaignFieldTarget(field)).toEqual({ tab, path });
  });

  it('returns null for fields the editor has no input for', () => {
    expect(campaignFieldTarget('id')).toBeNull();
    expect(campaignFieldTarget('thresholds.bogus')).toBeNull();
    expect(campaignFieldTarget('')).toBeNull();
  });

  it('places conflicts that name no field', () => {
    expect(fieldOfError('skill_ambiguous', undefined)).toBe('skills');
    expect(fieldOfError('name_taken', undefined)).toBe('name');
    expect(fieldOfError('validation_failed', 'thresholds.acd')).toBe('thresholds.acd');
    expect(fieldOfError('forbidden', undefined)).toBeUndefined();
  });

  it('lists the tabs that hold errors', () => {
    expect([...tabsWithErrors({ 'thresholds.acd': 'x', 'schedule.ranges.0.to': 'y', name: null })].sort()).toEqual([
      'limits',
      'schedule',
    ]);
  });
});
