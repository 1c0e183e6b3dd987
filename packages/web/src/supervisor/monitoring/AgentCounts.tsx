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

/**
 * Agents of a campaign by status, as five small counters in a fixed order. Plain inline blocks rather
 * than badges: a table sizes its columns from them correctly, where flex badges collapse and overlap.
 */
export function AgentCounts({ agents }: { agents: CampaignMonitor['agents'] }) {
  const { t } = useTranslation();
  return (
    <span style={{ whiteSpace: 'nowrap' }} data-testid="monitor-agents">
      {ORDER.map(([status, color]) => {
        const count = agents[status];
        const label = t(`supervisor.agentStatus.${status}`);
        return (
          <span
            key={status}
            title={label}
            aria-label={`${label}: ${count}`}
            data-status={status}
            style={{
              display: 'inline-block',
              minWidth: 24,
              marginRight: 4,
              padding: '0 6px',
              borderRadius: 999,
              textAlign: 'center',
              fontSize: 'var(--mantine-font-size-xs)',
              fontWeight: 700,
              lineHeight: '18px',
              background: count > 0 ? `var(--mantine-color-${color}-light)` : 'transparent',
              color: count > 0 ? `var(--mantine-color-${color}-light-color)` : 'var(--mantine-color-dimmed)',
              border: `1px solid ${count > 0 ? 'transparent' : 'var(--mantine-color-default-border)'}`,
            }}
          >
            {count}
          </span>
        );
      })}
    </span>
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
