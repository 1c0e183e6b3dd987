import { useState, type ReactNode } from 'react';
import { ActionIcon, Box, Button, Checkbox, Group, Popover, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DAY_KEYS, dayNames } from './day-names';
import { DayBar } from './DayBar';
import { WEEK_ORDER, addRange, copyDay, rangesOfDay, removeRange, updateRange, type Range } from './week-grid';

export interface WeekGridProps {
  ranges: Range[];
  onChange: (ranges: Range[]) => void;
  /** The error of `schedule.ranges.<index>` (part undefined) or of its `from`/`to`. */
  errorOf?: (index: number, part?: 'from' | 'to') => ReactNode;
}

function CopyDay({ source, names, onCopy }: { source: number; names: string[]; onCopy: (targets: number[]) => void }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [targets, setTargets] = useState<string[]>([]);
  const key = DAY_KEYS[source] ?? String(source);
  const apply = () => {
    onCopy(targets.map(Number));
    setTargets([]);
    setOpened(false);
  };
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow shadow="md" trapFocus>
      <Popover.Target>
        <Button size="compact-sm" variant="subtle" onClick={() => setOpened((o) => !o)} data-testid={`copy-day-${key}`}>
          {t('schedule.copyTo')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm" fw={500}>
            {t('schedule.copyDay', { day: names[source] })}
          </Text>
          <Checkbox.Group value={targets} onChange={setTargets} aria-label={t('schedule.copyTargets')}>
            <Stack gap={6}>
              {WEEK_ORDER.filter((d) => d !== source).map((d) => (
                <Checkbox key={d} value={String(d)} label={names[d]} data-testid={`copy-target-${DAY_KEYS[d]}`} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Group gap="xs" justify="space-between">
            <Button
              size="compact-xs"
              variant="default"
              onClick={() => setTargets(WEEK_ORDER.filter((d) => d !== source).map(String))}
            >
              {t('schedule.allDays')}
            </Button>
            <Button size="compact-sm" onClick={apply} disabled={targets.length === 0} data-testid="copy-apply">
              {t('schedule.apply')}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** Seven day rows; each holds any number of from–to ranges, with a bar showing the open hours. */
export function WeekGrid({ ranges, onChange, errorOf }: WeekGridProps) {
  const { t, i18n } = useTranslation();
  const names = dayNames(i18n.resolvedLanguage ?? 'en');
  const english = dayNames('en');

  return (
    <Stack gap={0} data-testid="week-grid">
      {WEEK_ORDER.map((day) => {
        const key = DAY_KEYS[day] ?? String(day);
        const today = rangesOfDay(ranges, day);
        return (
          <Box
            key={day}
            py="sm"
            style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
            data-testid={`day-${key}`}
          >
            <Group align="flex-start" wrap="nowrap" gap="md">
              <Text fw={500} w={110} pt={6} style={{ flexShrink: 0 }}>
                {names[day]}
              </Text>
              <Stack gap={6} style={{ flex: 1 }}>
                {today.length === 0 && (
                  <Text size="sm" c="dimmed" pt={6}>
                    {t('schedule.closed')}
                  </Text>
                )}
                {today.map(({ range, index }, k) => {
                  const label = `${english[day]} ${k + 1}`;
                  const rowError = errorOf?.(index);
                  return (
                    <Stack key={index} gap={2}>
                      <Group gap="xs" wrap="nowrap" align="flex-start">
                        <TextInput
                          type="time"
                          w={130}
                          aria-label={`${label} ${t('schedule.from')}`}
                          value={range.from}
                          onChange={(e) => onChange(updateRange(ranges, index, { from: e.currentTarget.value }))}
                          error={errorOf?.(index, 'from')}
                          data-testid={`range-${key}-${k}-from`}
                        />
                        <Text pt={6}>–</Text>
                        <TextInput
                          type="time"
                          w={130}
                          aria-label={`${label} ${t('schedule.to')}`}
                          value={range.to}
                          onChange={(e) => onChange(updateRange(ranges, index, { to: e.currentTarget.value }))}
                          error={errorOf?.(index, 'to')}
                          data-testid={`range-${key}-${k}-to`}
                        />
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          mt={4}
                          aria-label={`${t('schedule.removeRange')} ${label}`}
                          onClick={() => onChange(removeRange(ranges, index))}
                          data-testid={`remove-range-${key}-${k}`}
                        >
                          ×
                        </ActionIcon>
                      </Group>
                      {rowError && (
                        <Text size="xs" c="red">
                          {rowError}
                        </Text>
                      )}
                    </Stack>
                  );
                })}
                <DayBar ranges={ranges} day={day} label={names[day] ?? ''} />
              </Stack>
              <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                <Button
                  size="compact-sm"
                  variant="light"
                  onClick={() => onChange(addRange(ranges, day))}
                  aria-label={`${t('schedule.addRange')} (${english[day]})`}
                  data-testid={`add-range-${key}`}
                >
                  {t('schedule.addRange')}
                </Button>
                <CopyDay source={day} names={names} onCopy={(targets) => onChange(copyDay(ranges, day, targets))} />
              </Group>
            </Group>
          </Box>
        );
      })}
    </Stack>
  );
}
