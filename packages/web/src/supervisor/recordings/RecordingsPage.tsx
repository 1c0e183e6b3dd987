import { useState } from 'react';
import { Alert, Button, Collapse, Group, Loader, Pagination, Paper, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useRecordings } from '../api/supervision-api';
import { TranscriptModal } from '../transcript/TranscriptModal';
import { defaultFilters, recordingQuery, recordingsCsvUrl, type RecordingFilters } from './recording-query';
import { RecordingFiltersForm } from './RecordingFiltersForm';
import { RecordingsTable } from './RecordingsTable';
import { useFilterOptions } from './use-filter-options';

const PAGE_SIZE = 50;

/** Recordings: the form edits a draft; Search applies it, so the table and the CSV always match. */
export function RecordingsPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<RecordingFilters>(() => defaultFilters());
  const [applied, setApplied] = useState<RecordingFilters>(draft);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const options = useFilterOptions();
  // On a phone the filters fold away behind a button, leaving the screen to the results.
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  const [filtersShown, setFiltersShown] = useState(false);
  const recordings = useRecordings(recordingQuery(applied, { page, pageSize: PAGE_SIZE }));
  const total = recordings.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  const search = () => {
    setApplied(draft);
    setPage(1);
    setFiltersShown(false);
  };
  const reset = () => {
    const fresh = defaultFilters();
    setDraft(fresh);
    setApplied(fresh);
    setPage(1);
  };

  return (
    <>
      <Group justify="space-between" mb="md" gap="xs">
        <Title order={2}>{t('supervisor.recordings.title')}</Title>
        <Group gap="xs">
          {narrow && (
            <Button
              variant="light"
              onClick={() => setFiltersShown((shown) => !shown)}
              aria-expanded={filtersShown}
              aria-controls="recordings-filters-panel"
              data-testid="recordings-filters-toggle"
            >
              {t(filtersShown ? 'supervisor.recordings.hideFilters' : 'supervisor.recordings.showFilters')}
            </Button>
          )}
          <Button
            component="a"
            href={recordingsCsvUrl(applied)}
            download
            variant="default"
            data-testid="recordings-csv"
          >
            {t('supervisor.recordings.csv')}
          </Button>
        </Group>
      </Group>
      <Collapse expanded={!narrow || filtersShown} id="recordings-filters-panel">
        <Paper withBorder p="md" mb="md">
          <RecordingFiltersForm value={draft} onChange={setDraft} onSearch={search} onReset={reset} options={options} />
        </Paper>
      </Collapse>
      <Paper withBorder>
        {recordings.isPending && <Loader m="md" size="sm" />}
        {recordings.error && <Alert color="red">{recordings.error.message}</Alert>}
        {recordings.data && <RecordingsTable rows={recordings.data.rows} onOpen={setOpen} />}
      </Paper>
      <Group justify="space-between" mt="sm">
        <Text size="sm" c="dimmed" data-testid="recordings-total">
          {t('supervisor.recordings.total', { count: total })}
        </Text>
        {pages > 1 && (
          <Pagination value={page} onChange={setPage} total={pages} size="sm" data-testid="recordings-pages" />
        )}
      </Group>
      <TranscriptModal interactionId={open} onClose={() => setOpen(null)} />
    </>
  );
}
