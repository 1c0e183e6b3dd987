import '@mantine/dates/styles.css';
import { useState } from 'react';
import { Alert, Button, Grid, Group, Loader, Pagination, Paper, Select, Text, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, type AuditAction } from '@switchboard/protocol';
import { useCampaigns } from '../../api/campaigns';
import { useUsers } from '../../api/users';
import { useAudit } from './audit-api';
import { auditQuery, defaultAuditFilters, type AuditFilters } from './audit-query';
import { AuditTable } from './AuditTable';

const PAGE_SIZE = 50;

/** Administrators: who changed what, including supervisors' whispers and take-overs. */
export function AuditPage() {
  const { t } = useTranslation();
  const users = useUsers();
  const campaigns = useCampaigns();
  const [draft, setDraft] = useState<AuditFilters>(() => defaultAuditFilters());
  const [applied, setApplied] = useState<AuditFilters>(draft);
  const [page, setPage] = useState(1);
  const audit = useAudit(auditQuery(applied, page, PAGE_SIZE));
  const total = audit.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const userOptions = (users.data ?? [])
    .map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const actionOptions = AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`audit.actions.${a}`) })).sort((a, b) =>
    a.label.localeCompare(b.label),
  );
  const campaignOptions = (campaigns.data ?? [])
    .map((c) => ({ value: c.id, label: c.name }))
    .sort((a, b) => a.label.localeCompare(b.label));

  return (
    <>
      <Title order={2} mb="md">
        {t('audit.title')}
      </Title>
      <Paper withBorder p="md" mb="md">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setApplied(draft);
            setPage(1);
          }}
        >
          <Grid gap="sm" align="flex-end">
            <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
              <DatePickerInput
                type="range"
                allowSingleDateInRange
                label={t('audit.dates')}
                value={[draft.fromDay, draft.toDay]}
                onChange={([fromDay, toDay]) => setDraft({ ...draft, fromDay, toDay })}
                valueFormat="YYYY-MM-DD"
                clearable
                data-testid="audit-dates"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6, md: 2 }}>
              <Select
                label={t('audit.user')}
                data={userOptions}
                value={draft.userId}
                onChange={(userId) => setDraft({ ...draft, userId })}
                placeholder={t('audit.anyone')}
                searchable
                clearable
                data-testid="audit-user"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
              <Select
                label={t('audit.action')}
                data={actionOptions}
                value={draft.action}
                onChange={(action) => setDraft({ ...draft, action: action as AuditAction | null })}
                placeholder={t('audit.anyAction')}
                searchable
                clearable
                data-testid="audit-action"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6, md: 2 }}>
              <Select
                label={t('audit.campaign')}
                data={campaignOptions}
                value={draft.campaignId}
                onChange={(campaignId) => setDraft({ ...draft, campaignId })}
                placeholder={t('audit.anyCampaign')}
                searchable
                clearable
                data-testid="audit-campaign"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6, md: 1 }}>
              <Button type="submit" fullWidth data-testid="audit-search">
                {t('audit.search')}
              </Button>
            </Grid.Col>
          </Grid>
        </form>
      </Paper>
      <Paper withBorder>
        {audit.isPending && <Loader m="md" size="sm" />}
        {audit.error && <Alert color="red">{audit.error.message}</Alert>}
        {audit.data && <AuditTable rows={audit.data.rows} />}
      </Paper>
      <Group justify="space-between" mt="sm">
        <Text size="sm" c="dimmed" data-testid="audit-total">
          {t('audit.total', { count: total })}
        </Text>
        {pages > 1 && <Pagination value={page} onChange={setPage} total={pages} size="sm" />}
      </Group>
    </>
  );
}
