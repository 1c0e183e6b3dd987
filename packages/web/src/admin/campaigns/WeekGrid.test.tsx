// @vitest-environment jsdom
import { useState } from 'react';
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { WeekGrid } from './WeekGrid';
import { copyDay, isOpenAt, type Range } from './week-grid';

function Harness({ initial, seen }: { initial: Range[]; seen: { ranges: Range[] } }) {
  const [ranges, setRanges] = useState(initial);
  seen.ranges = ranges;
  return (
    <WeekGrid
      ranges={ranges}
      onChange={setRanges}
      errorOf={(i, part) => (i === 0 && part === 'to' ? 'Too late' : null)}
    />
  );
}

describe('WeekGrid', () => {
  it('adds office hours to an empty day and edits them', () => {
    const seen = { ranges: [] as Range[] };
    renderWithProviders(<Harness initial={[]} seen={seen} />);
    fireEvent.click(screen.getByTestId('add-range-monday'));
    expect(seen.ranges).toEqual([{ day: 1, from: '09:00', to: '18:00' }]);

    fireEvent.change(screen.getByLabelText('Monday 1 from'), { target: { value: '08:30' } });
    fireEvent.change(screen.getByTestId('range-monday-0-to'), { target: { value: '12:00' } });
    fireEvent.click(screen.getByTestId('add-range-monday'));
    expect(seen.ranges).toEqual([
      { day: 1, from: '08:30', to: '12:00' },
      { day: 1, from: '13:00', to: '23:59' },
    ]);
  });

  it('copies a day to the chosen days, replacing what they had', () => {
    const seen = { ranges: [] as Range[] };
    const initial: Range[] = [
      { day: 1, from: '09:00', to: '13:00' },
      { day: 1, from: '14:00', to: '18:00' },
      { day: 2, from: '10:00', to: '11:00' },
    ];
    renderWithProviders(<Harness initial={initial} seen={seen} />);
    fireEvent.click(screen.getByTestId('copy-day-monday'));
    fireEvent.click(screen.getByLabelText('Tuesday'));
    fireEvent.click(screen.getByLabelText('Friday'));
    fireEvent.click(screen.getByTestId('copy-apply'));
    expect(seen.ranges).toEqual([
      { day: 1, from: '09:00', to: '13:00' },
      { day: 1, from: '14:00', to: '18:00' },
      { day: 2, from: '09:00', to: '13:00' },
      { day: 2, from: '14:00', to: '18:00' },
      { day: 5, from: '09:00', to: '13:00' },
      { day: 5, from: '14:00', to: '18:00' },
    ]);
  });

  it('removes a range and shows the error of the range the API named', () => {
    const seen = { ranges: [] as Range[] };
    renderWithProviders(
      <Harness
        initial={[
          { day: 0, from: '10:00', to: '09:00' },
          { day: 6, from: '10:00', to: '14:00' },
        ]}
        seen={seen}
      />,
    );
    expect(screen.getByText('Too late')).toBeTruthy();
    fireEvent.click(screen.getByTestId('remove-range-sunday-0'));
    expect(seen.ranges).toEqual([{ day: 6, from: '10:00', to: '14:00' }]);
  });
});

describe('week-grid rules', () => {
  it('copying a day onto itself changes nothing', () => {
    const ranges: Range[] = [{ day: 3, from: '09:00', to: '10:00' }];
    expect(copyDay(ranges, 3, [3])).toEqual(ranges);
  });

  it('is open to the minute of `to`, in the schedule time zone', () => {
    const schedule = { timezone: 'America/Montevideo', ranges: [{ day: 1, from: '09:00', to: '18:00' }] };
    // Monday 2024-01-15 18:00 in Montevideo (UTC-3) is 21:00 UTC.
    expect(isOpenAt(schedule, new Date('2024-01-15T21:00:30Z'))).toBe(true);
    expect(isOpenAt(schedule, new Date('2024-01-15T21:01:00Z'))).toBe(false);
    expect(isOpenAt(null, new Date())).toBe(true);
  });
});
