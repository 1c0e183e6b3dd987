import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Group, Loader, Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useCampaigns } from '../../api/campaigns';
import { isOpenAt } from './week-grid';
import { EmptyTableRow } from '../../components/EmptyTableRow';

/** Re-evaluates "open now" every minute without refetching. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function CampaignsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const campaigns = useCampaigns();
  const now = useNow();

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('campaigns.title')}</Title>
        <Button component={Link} to="/admin/campaigns/new" data-testid="new-campaign">
          {t('campaigns.new')}
        </Button>
      </Group>
      <Paper withBorder>
        {campaigns.isPending && <Loader m="md" size="sm" />}
        {campaigns.error && <Alert color="red">{campaigns.error.message}</Alert>}
        {campaigns.data && (
          <Table highlightOnHover verticalSpacing="sm" data-testid="campaign-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('campaign.name')}</Table.Th>
                <Table.Th>{t('campaign.strategy')}</Table.Th>
                <Table.Th>{t('campaign.deliveryMode')}</Table.Th>
                <Table.Th>{t('campaign.skills')}</Table.Th>
                <Table.Th>{t('campaign.enabled')}</Table.Th>
                <Table.Th>{t('campaigns.openNow')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {campaigns.data.length === 0 && <EmptyTableRow colSpan={6}>{t('campaigns.empty')}</EmptyTableRow>}
              {campaigns.data.map((c) => {
                const open = isOpenAt(c.schedule, now);
                return (
                  <Table.Tr
                    key={c.id}
                    style={{ cursor: 'pointer' }}
                    onClick={() => void navigate(`/admin/campaigns/${c.id}`)}
                    data-testid={`campaign-row-${c.id}`}
                  >
                    <Table.Td>
                      <Text component={Link} to={`/admin/campaigns/${c.id}`} fw={500} c="blue">
                        {c.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>{c.strategy}</Table.Td>
                    <Table.Td>{c.deliveryMode}</Table.Td>
                    <Table.Td>
                      <Text size="sm" c={c.skills.length ? undefined : 'dimmed'} lineClamp={1}>
                        {c.skills.join(', ') || '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={c.enabled ? 'green' : 'gray'} variant="light">
                        {c.enabled ? t('campaigns.enabled') : t('campaigns.disabled')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={open ? 'teal' : 'orange'} variant="dot">
                        {c.schedule === null
                          ? t('campaigns.always')
                          : open
                            ? t('campaigns.open')
                            : t('campaigns.closed')}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </>
  );
}
