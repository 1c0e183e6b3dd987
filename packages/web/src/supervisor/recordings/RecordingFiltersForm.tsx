import '@mantine/dates/styles.css';
import { Button, Grid, Group, MultiSelect, Select, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { INTERACTION_STATUSES } from '@switchboard/protocol';
import type { RecordingFilters } from './recording-query';
import type { Option } from './use-filter-options';

interface Props {
  value: RecordingFilters;
  onChange: (next: RecordingFilters) => void;
  onSearch: () => void;
  onReset: () => void;
  options: { campaigns: Option[]; agents: Option[]; providers: Option[] };
}

/** The recordings filters; nothing is searched until the user asks, so typing does not fire a query per key. */
export function RecordingFiltersForm({ value, onChange, onSearch, onReset, options }: Props) {
  const { t } = useTranslation();
  const set = <K extends keyof RecordingFilters>(key: K, next: RecordingFilters[K]) =>
    onChange({ ...value, [key]: next });

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSearch();
      }}
      data-testid="recordings-filters"
    >
      <Grid gap="sm" align="flex-end">
        <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
          <DatePickerInput
            type="range"
            allowSingleDateInRange
            label={t('supervisor.recordings.dates')}
            value={[value.fromDay, value.toDay]}
            onChange={([from, to]) => onChange({ ...value, fromDay: from, toDay: to })}
            valueFormat="YYYY-MM-DD"
            clearable
            data-testid="recordings-dates"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
          <MultiSelect
            label={t('supervisor.recordings.campaigns')}
            data={options.campaigns}
            value={value.campaignIds}
            onChange={(ids) => set('campaignIds', ids)}
            placeholder={value.campaignIds.length ? undefined : t('supervisor.recordings.all')}
            searchable
            clearable
            data-testid="recordings-campaigns"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
          <MultiSelect
            label={t('supervisor.recordings.agents')}
            data={options.agents}
            value={value.agentIds}
            onChange={(ids) => set('agentIds', ids)}
            placeholder={value.agentIds.length ? undefined : t('supervisor.recordings.all')}
            searchable
            clearable
            data-testid="recordings-agents"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
          <TextInput
            label={t('supervisor.recordings.customer')}
            placeholder={t('supervisor.recordings.customerPlaceholder')}
            value={value.customer}
            maxLength={100}
            onChange={(e) => set('customer', e.currentTarget.value)}
            data-testid="recordings-customer"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
          <Select
            label={t('supervisor.recordings.provider')}
            data={options.providers}
            value={value.providerId}
            onChange={(id) => set('providerId', id)}
            placeholder={t('supervisor.recordings.all')}
            clearable
            data-testid="recordings-provider"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
          <TextInput
            label={t('supervisor.recordings.disposition')}
            placeholder={t('supervisor.recordings.dispositionPlaceholder')}
            value={value.disposition}
            maxLength={80}
            onChange={(e) => set('disposition', e.currentTarget.value)}
            data-testid="recordings-disposition"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 2 }}>
          <Select
            label={t('supervisor.recordings.status')}
            data={INTERACTION_STATUSES.map((s) => ({ value: s, label: t(`supervisor.interactionStatus.${s}`) }))}
            value={value.status}
            onChange={(s) => set('status', (s as RecordingFilters['status']) ?? null)}
            placeholder={t('supervisor.recordings.all')}
            clearable
            data-testid="recordings-status"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 4 }}>
          <TextInput
            label={t('supervisor.recordings.text')}
            placeholder={t('supervisor.recordings.textPlaceholder')}
            value={value.text}
            maxLength={200}
            onChange={(e) => set('text', e.currentTarget.value)}
            data-testid="recordings-text"
          />
        </Grid.Col>
      </Grid>
      <Group justify="flex-end" mt="sm" gap="xs">
        <Button variant="default" onClick={onReset} data-testid="recordings-reset">
          {t('supervisor.recordings.reset')}
        </Button>
        <Button type="submit" data-testid="recordings-search">
          {t('supervisor.recordings.search')}
        </Button>
      </Group>
    </form>
  );
}
