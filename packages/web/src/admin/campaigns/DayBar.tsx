import { Box, Tooltip } from '@mantine/core';
import { daySegments, rangesOfDay, type Range } from './week-grid';

/** A 24-hour strip with the open ranges filled in, ticks every six hours. */
export function DayBar({ ranges, day, label }: { ranges: readonly Range[]; day: number; label: string }) {
  const segments = daySegments(ranges, day);
  const summary = rangesOfDay(ranges, day)
    .map(({ range }) => `${range.from}–${range.to}`)
    .join(', ');
  return (
    <Tooltip label={summary || label} disabled={!summary} openDelay={300}>
      <Box
        role="img"
        aria-label={`${label}: ${summary || '—'}`}
        pos="relative"
        h={8}
        mt={2}
        style={{ background: 'var(--mantine-color-gray-1)', borderRadius: 4, overflow: 'hidden' }}
        data-testid={`day-bar-${day}`}
      >
        {[0.25, 0.5, 0.75].map((at) => (
          <Box
            key={at}
            pos="absolute"
            top={0}
            bottom={0}
            w={1}
            style={{ left: `${at * 100}%`, background: 'var(--mantine-color-gray-3)' }}
          />
        ))}
        {segments.map((s, i) => (
          <Box
            key={i}
            pos="absolute"
            top={0}
            bottom={0}
            style={{
              left: `${s.start * 100}%`,
              width: `${s.width * 100}%`,
              background: 'var(--mantine-color-teal-5)',
            }}
          />
        ))}
      </Box>
    </Tooltip>
  );
}
