import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CampaignMonitor } from '@switchboard/protocol';

const ORDER = [
  ['available', 'green'],
  ['busy', 'blue'],
  ['paused', 'orange'],
  ['wrapup', 'violet'],
  ['offline', 'gray'],
] as const;

/** Agents of a campaign by status, as five small counters in a fixed order. */
export function AgentCounts({ agents }: { agents: CampaignMonitor['agents'] }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" data-testid="monitor-agents">
      {ORDER.map(([status, color]) => (
        <Badge
          key={status}
          size="sm"
          variant={agents[status] > 0 ? 'light' : 'outline'}
          color={agents[status] > 0 ? color : 'gray'}
          title={t(`supervisor.agentStatus.${status}`)}
          aria-label={`${t(`supervisor.agentStatus.${status}`)}: ${agents[status]}`}
          data-status={status}
          // A badge in a table cell would otherwise shrink to nothing when the columns are tight.
          style={{ flexShrink: 0, overflow: 'visible' }}
        >
          {agents[status]}
        </Badge>
      ))}
    </Group>
  );
}

export function AgentCountsLegend() {
  const { t } = useTranslation();
  return (
    <Group gap="xs">
      {ORDER.map(([status, color]) => (
        <Badge key={status} size="xs" variant="light" color={color}>
          {t(`supervisor.agentStatus.${status}`)}
        </Badge>
      ))}
    </Group>
  );
}
