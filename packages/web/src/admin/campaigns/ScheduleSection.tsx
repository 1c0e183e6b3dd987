import { useMemo } from 'react';
import { Alert, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../forms/ComboboxFields';
import type { CampaignForm } from './form-type';
import { WeekGrid } from './WeekGrid';

function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

export function ScheduleSection({ form }: { form: CampaignForm }) {
  const { t } = useTranslation();
  const zones = useMemo(timeZones, []);
  const { open24h, schedule } = form.values;
  const data = zones.includes(schedule.timezone) ? zones : [schedule.timezone, ...zones];

  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <SelectField
          label={t('schedule.timezone')}
          data={data}
          searchable
          allowDeselect={false}
          limit={400}
          {...form.getInputProps('schedule.timezone')}
        />
        <Switch
          mt={{ base: 0, md: 30 }}
          label={t('schedule.open24h')}
          description={t('schedule.open24hHint')}
          {...form.getInputProps('open24h', { type: 'checkbox' })}
        />
      </SimpleGrid>
      {open24h ? (
        <Alert variant="light" color="teal" data-testid="schedule-24h">
          {t('schedule.alwaysOpen')}
        </Alert>
      ) : (
        <>
          {schedule.ranges.length === 0 && (
            <Alert variant="light" color="orange">
              {t('schedule.neverOpen')}
            </Alert>
          )}
          {form.errors['schedule.ranges'] && (
            <Text c="red" size="sm">
              {form.errors['schedule.ranges']}
            </Text>
          )}
          <WeekGrid
            ranges={schedule.ranges}
            onChange={(ranges) => {
              form.setFieldValue('schedule.ranges', ranges);
              form.clearFieldError('schedule.ranges');
            }}
            errorOf={(index, part) => form.errors[`schedule.ranges.${index}${part ? `.${part}` : ''}`]}
          />
        </>
      )}
    </Stack>
  );
}
