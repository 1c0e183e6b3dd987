import type { ReactNode } from 'react';
import { Anchor, ColorSwatch, Group, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { CampaignMonitor } from '@switchboard/protocol';
import { colourStyle, formatMs, formatPercent, formatSatisfaction } from '../format';
import { AgentCounts } from './AgentCounts';
import { SatisfactionCell } from './SatisfactionCell';
import { longestWaitNow, waitingColourNow } from './campaign-colour';
import { EmptyTableRow } from '../../components/EmptyTableRow';

interface Props {
  rows: readonly CampaignMonitor[];
  fetchedAt: number;
  now: number;
  /** The page of a campaign; without it the rows are not links (the detail page shows its own row). */
  hrefOf?: (campaignId: string) => string;
}

/** The campaign's name, a real link when the row leads somewhere: Tab reaches it and Enter opens it. */
function CampaignName({ row, href }: { row: CampaignMonitor; href: string | undefined }) {
  const { t } = useTranslation();
  if (!href) {
    return (
      <Text fw={600} size="sm">
        {row.name}
      </Text>
    );
  }
  return (
    <Anchor
      component={Link}
      to={href}
      fw={600}
      size="sm"
      aria-label={t('supervisor.monitor.openCampaign', { name: row.name })}
      data-testid="monitor-link"
      // The row itself is clickable too; the link must not navigate twice.
      onClick={(e) => e.stopPropagation()}
    >
      {row.name}
    </Anchor>
  );
}

function OpenState({ row }: { row: CampaignMonitor }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="nowrap" style={{ whiteSpace: 'nowrap' }}>
      <ColorSwatch color={`var(--mantine-color-${row.open ? 'teal' : 'orange'}-6)`} size={8} withShadow={false} />
      <Text size="xs" c="dimmed" span>
        {row.open ? t('supervisor.monitor.open') : t('supervisor.monitor.closed')}
        {!row.enabled && ` (${t('supervisor.monitor.disabled')})`}
      </Text>
    </Group>
  );
}

/** The waiting count with the longest wait after it, tinted by the threshold colour. */
function Waiting({ row, fetchedAt, now }: { row: CampaignMonitor; fetchedAt: number; now: number }) {
  const { t } = useTranslation();
  const longest = longestWaitNow(row, fetchedAt, now);
  return (
    <>
      <Text span inherit fw={700}>
        {row.waiting}
      </Text>
      {row.waiting > 0 && longest !== null && (
        <Text span size="xs" inherit ff="monospace" ml={6} title={t('supervisor.monitor.longestWait')}>
          {formatMs(longest)}
        </Text>
      )}
    </>
  );
}

/** Average wait and average handling time in one cell: two short durations read together. */
function Averages({ row }: { row: CampaignMonitor }) {
  return (
    <Text span size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
      {formatMs(row.averageWaitMs)} / {formatMs(row.averageHandleMs)}
    </Text>
  );
}

/**
 * One row per campaign with the monitor's figures; the waiting cell carries the threshold colour. Dense enough
 * to fit a 1366 px screen beside the navigation; on a phone every campaign is a card instead.
 */
export function MonitoringTable(props: Props) {
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  return narrow ? <MonitoringCards {...props} /> : <MonitoringGrid {...props} />;
}

function MonitoringGrid({ rows, fetchedAt, now, hrefOf }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const th = (label: string, right = true) => (
    <Table.Th ta={right ? 'right' : undefined} fz="xs">
      {label}
    </Table.Th>
  );
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table highlightOnHover verticalSpacing={6} horizontalSpacing="xs" data-testid="monitor-table">
        <Table.Thead>
          <Table.Tr>
            {th(t('supervisor.monitor.campaign'), false)}
            {th(t('supervisor.monitor.agents'), false)}
            {th(t('supervisor.monitor.waiting'))}
            {th(t('supervisor.monitor.active'))}
            {th(t('supervisor.monitor.attended'))}
            {th(t('supervisor.monitor.abandoned'))}
            {th(t('supervisor.monitor.transferred'))}
            {th(t('supervisor.monitor.sl'))}
            {th(t('supervisor.monitor.slAbandoned'))}
            {th(t('supervisor.monitor.abandonRate'))}
            {th(t('supervisor.monitor.handling'))}
            {th(t('supervisor.monitor.satisfaction'))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && <EmptyTableRow colSpan={12}>{t('supervisor.monitor.empty')}</EmptyTableRow>}
          {rows.map((row) => {
            const colour = waitingColourNow(row, fetchedAt, now);
            const href = hrefOf?.(row.campaignId);
            return (
              <Table.Tr
                key={row.campaignId}
                style={href ? { cursor: 'pointer' } : undefined}
                onClick={href ? () => void navigate(href) : undefined}
                data-testid="monitor-row"
                data-campaign-id={row.campaignId}
              >
                <Table.Td>
                  <CampaignName row={row} href={href} />
                  <OpenState row={row} />
                </Table.Td>
                <Table.Td>
                  <AgentCounts agents={row.agents} />
                </Table.Td>
                <Table.Td
                  ta="right"
                  style={{ whiteSpace: 'nowrap', ...colourStyle(colour) }}
                  data-testid="monitor-waiting"
                  data-colour={colour}
                >
                  <Waiting row={row} fetchedAt={fetchedAt} now={now} />
                </Table.Td>
                <Table.Td ta="right" data-testid="monitor-active">
                  {row.active}
                </Table.Td>
                <Table.Td ta="right" data-testid="monitor-attended">
                  {row.attendedToday}
                </Table.Td>
                <Table.Td ta="right" data-testid="monitor-abandoned">
                  {row.abandonedToday}
                </Table.Td>
                <Table.Td ta="right">{row.transferredToday}</Table.Td>
                <Table.Td ta="right" data-testid="monitor-sl">
                  {formatPercent(row.serviceLevelPercent)}
                </Table.Td>
                <Table.Td ta="right" data-testid="monitor-sl-abandoned">
                  {formatPercent(row.serviceLevelWithAbandonedPercent)}
                </Table.Td>
                <Table.Td ta="right" data-testid="monitor-abandon-rate">
                  {formatPercent(row.abandonPercent)}
                </Table.Td>
                <Table.Td ta="right">
                  <Averages row={row} />
                </Table.Td>
                <SatisfactionCell today={row.satisfactionToday} recent={row.satisfactionRecent} />
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Figure({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600} data-testid={testId}>
        {children}
      </Text>
    </Stack>
  );
}

/** The same figures as cards, for screens too narrow for the table. */
function MonitoringCards({ rows, fetchedAt, now, hrefOf }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (rows.length === 0) {
    return (
      <Text c="dimmed" p="md" size="sm">
        {t('supervisor.monitor.empty')}
      </Text>
    );
  }
  return (
    <Stack gap="xs" p="xs" data-testid="monitor-cards">
      {rows.map((row) => {
        const colour = waitingColourNow(row, fetchedAt, now);
        const href = hrefOf?.(row.campaignId);
        return (
          <Paper
            key={row.campaignId}
            withBorder
            p="sm"
            style={href ? { cursor: 'pointer' } : undefined}
            onClick={href ? () => void navigate(href) : undefined}
            data-testid="monitor-row"
            data-campaign-id={row.campaignId}
          >
            <Group justify="space-between" wrap="nowrap" mb={6}>
              <Stack gap={0} style={{ minWidth: 0 }}>
                <CampaignName row={row} href={href} />
                <OpenState row={row} />
              </Stack>
              <Stack
                gap={0}
                align="flex-end"
                px={6}
                style={{ borderRadius: 4, ...colourStyle(colour) }}
                data-testid="monitor-waiting"
                data-colour={colour}
              >
                <Text size="xs" inherit>
                  {t('supervisor.monitor.waiting')}
                </Text>
                <Text size="lg" inherit>
                  <Waiting row={row} fetchedAt={fetchedAt} now={now} />
                </Text>
              </Stack>
            </Group>
            <AgentCounts agents={row.agents} />
            <SimpleGrid cols={3} spacing="xs" verticalSpacing={4} mt={6}>
              <Figure label={t('supervisor.monitor.active')} testId="monitor-active">
                {row.active}
              </Figure>
              <Figure label={t('supervisor.monitor.attended')} testId="monitor-attended">
                {row.attendedToday}
              </Figure>
              <Figure label={t('supervisor.monitor.abandoned')} testId="monitor-abandoned">
                {row.abandonedToday}
              </Figure>
              <Figure label={t('supervisor.monitor.sl')} testId="monitor-sl">
                {formatPercent(row.serviceLevelPercent)}
              </Figure>
              <Figure label={t('supervisor.monitor.slAbandoned')} testId="monitor-sl-abandoned">
                {formatPercent(row.serviceLevelWithAbandonedPercent)}
              </Figure>
              <Figure label={t('supervisor.monitor.abandonRate')} testId="monitor-abandon-rate">
                {formatPercent(row.abandonPercent)}
              </Figure>
              <Figure label={t('supervisor.monitor.transferred')}>{row.transferredToday}</Figure>
              <Figure label={t('supervisor.monitor.handling')}>
                <Averages row={row} />
              </Figure>
              <Figure label={t('supervisor.monitor.satisfaction')} testId="monitor-satisfaction">
                {formatSatisfaction(row.satisfactionToday.average)}
              </Figure>
            </SimpleGrid>
          </Paper>
        );
      })}
    </Stack>
  );
}
