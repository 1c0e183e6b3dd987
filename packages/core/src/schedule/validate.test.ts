import { describe, expect, it } from 'vitest';
import { validateSchedule } from './validate';

describe('validateSchedule', () => {
  it('accepts no schedule, an empty one and a well-formed one', () => {
    expect(validateSchedule(null)).toEqual([]);
    expect(validateSchedule({ timezone: 'UTC', ranges: [] })).toEqual([]);
    expect(
      validateSchedule({ timezone: 'America/Montevideo', ranges: [{ day: 1, from: '09:00', to: '17:59' }] }),
    ).toEqual([]);
  });

  it('names each bad field', () => {
    const problems = validateSchedule({
      timezone: 'Mars/Olympus_Mons',
      ranges: [
        { day: 7, from: '09:00', to: '10:00' },
        { day: 1, from: '9:00', to: '24:00' },
        { day: 2, from: '18:00', to: '08:59' },
      ],
    });
    expect(problems.map((p) => p.field)).toEqual([
      'timezone',
      'ranges[0].day',
      'ranges[1].from',
      'ranges[1].to',
      'ranges[2].from',
    ]);
    expect(problems[4]?.message).toMatch(/after/);
  });
});
