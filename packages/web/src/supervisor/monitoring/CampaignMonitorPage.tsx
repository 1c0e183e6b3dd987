import { useState } from 'react';
import { Alert, Anchor, Drawer, Grid, Group, Loader, Paper, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useMe } from '../../api/auth';
import { useNow } from '../../shared/use-now';
import { useMonitoringDetail } from '../api/supervision-api';
import { LiveBadge } from '../live/LiveBadge';
import { LiveConversation } from '../live-view/LiveConversation';
import { AgentTable } from './AgentTable';
import { MonitorChart } from './MonitorChart';
import { MonitoringTable } from './MonitoringTable';
import { ActiveList, WaitingList } from './QueueLists';
import { ReassignModal, type ReassignMode } from './ReassignModal';
import { ThresholdsEditor } from './ThresholdsEditor';

/** One campaign in depth: its figures, agents, queue, active chats, the last hours, and (for admins) thresholds. */
export function CampaignMonitorPage() {
  const { t } = useTranslation();
  const { campaignId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const detail = useMonitoringDetail(campaignId);
  const me = useMe().data;
  const now = useNow();
  const watching = search.get('live');
  const [reassigning, setReassigning] = useState<{
    mode: ReassignMode;
    interactionId: string;
    customer: string;
    currentAgentId: string | null;
  } | null>(null);

  const watch = (interactionId: string | null) =>
    setSearch(
      (params) => {
        const next = new URLSearchParams(params);
        if (interactionId) next.set('live', interactionId);
        else next.delete('live');
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <Anchor component={Link} to="/supervisor/monitoring" size="sm">
        ← {t('supervisor.detail.back')}
      </Anchor>
      <Group gap="sm" mt={4} mb="md">
        <Title order={2}>{detail.data?.campaign.name ?? t('supervisor.monitor.title')}</Title>
        <LiveBadge />
      </Group>
      {detail.isPending && <Loader size="sm" />}
      {detail.error && <Alert color="red">{detail.error.message}</Alert>}
      {detail.data && (
        <Stack gap="md">
          <Paper withBorder>
            <MonitoringTable rows={[detail.data.campaign]} fetchedAt={detail.dataUpdatedAt} now={now} />
          </Paper>
          {me?.role === 'administrator' && <ThresholdsEditor campaign={detail.data.campaign} />}
          <Paper withBorder>
            <Title order={4} p="sm" pb={0}>
              {t('supervisor.agents.title')}
            </Title>
            <AgentTable
              agents={detail.data.agents}
              chatTime={detail.data.campaign.thresholds.chatTime}
              fetchedAt={detail.dataUpdatedAt}
              now={now}
            />
          </Paper>
          <Grid>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <WaitingList
                items={detail.data.waitingItems}
                serviceLevel={detail.data.campaign.thresholds.serviceLevel}
                now={now}
                onAssign={(item) =>
                  setReassigning({
                    mode: 'assign',
                    interactionId: item.interactionId,
                    customer: item.customerName ?? item.customerNumber,
                    currentAgentId: null,
                  })
                }
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <ActiveList
                items={detail.data.activeItems}
                agents={detail.data.agents}
                chatTime={detail.data.campaign.thresholds.chatTime}
                now={now}
                otherNames={me ? new Map([[me.id, me.displayName]]) : undefined}
                onWatch={watch}
                onMove={(item) =>
                  setReassigning({
                    mode: 'move',
                    interactionId: item.interactionId,
                    customer: item.customerNumber,
                    currentAgentId: item.agentId,
                  })
                }
              />
            </Grid.Col>
          </Grid>
          <MonitorChart points={detail.data.chart} />
        </Stack>
      )}
      {reassigning && detail.data && (
        <ReassignModal {...reassigning} agents={detail.data.agents} onClose={() => setReassigning(null)} />
      )}
      <Drawer
        opened={watching !== null}
        onClose={() => watch(null)}
        position="right"
        size="xl"
        title={t('supervisor.live.title')}
      >
        {watching && <LiveConversation interactionId={watching} />}
      </Drawer>
    </>
  );
}
