import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgentMonitorRow } from '@switchboard/protocol';
import { ApiError } from '../../api/client';
import { useReassign } from '../api/supervision-api';

export type ReassignMode = 'assign' | 'move';

/** Why an agent cannot be offered as the destination, or null when they can. */
export function unavailability(
  agent: AgentMonitorRow,
  currentAgentId: string | null,
): 'offline' | 'full' | 'holder' | null {
  if (agent.agentId === currentAgentId) return 'holder';
  if (agent.status === 'offline') return 'offline';
  if (agent.active >= agent.max) return 'full';
  return null;
}

/** Server refusals the supervisor can act on, as sentences; anything else shows the server's own message. */
const REFUSALS = ['at_capacity', 'not_waiting', 'not_eligible', 'not_allowed_now', 'not_found'] as const;

/**
 * Picks a member of the campaign to give a waiting interaction to (assign) or to hand an active one over to
 * (move). Offline and full agents are listed so the supervisor sees why they are missing, but cannot be picked;
 * the server checks the cap again, since loads change while the dialog is open.
 */
export function ReassignModal({
  mode,
  interactionId,
  customer,
  currentAgentId,
  agents,
  onClose,
}: {
  mode: ReassignMode;
  interactionId: string;
  customer: string;
  currentAgentId: string | null;
  agents: readonly AgentMonitorRow[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string | null>(null);
  const reassign = useReassign(mode);
  const sorted = [...agents].sort(
    (a, b) =>
      Number(unavailability(a, currentAgentId) !== null) - Number(unavailability(b, currentAgentId) !== null) ||
      a.displayName.localeCompare(b.displayName),
  );

  const submit = async () => {
    if (!chosen) return;
    try {
      await reassign.mutateAsync({ interactionId, agentId: chosen });
      onClose();
    } catch {
      // Shown below from reassign.error.
    }
  };

  const error = reassign.error;
  const errorText =
    error instanceof ApiError && (REFUSALS as readonly string[]).includes(error.code)
      ? t(`supervisor.reassign.refused.${error.code as (typeof REFUSALS)[number]}`)
      : error?.message;

  return (
    <Modal
      opened
      onClose={onClose}
      centered
      title={t(mode === 'assign' ? 'supervisor.reassign.assignTitle' : 'supervisor.reassign.moveTitle', {
        customer,
      })}
    >
      <Stack data-testid="reassign-dialog">
        <Radio.Group value={chosen} onChange={setChosen} label={t('supervisor.reassign.pick')}>
          <Stack gap={6} mt="xs">
            {sorted.length === 0 && <Text c="dimmed">{t('supervisor.reassign.noMembers')}</Text>}
            {sorted.map((agent) => {
              const why = unavailability(agent, currentAgentId);
              return (
                <Group key={agent.agentId} justify="space-between" wrap="nowrap" data-testid={`pick-${agent.agentId}`}>
                  <Radio
                    value={agent.agentId}
                    disabled={why !== null}
                    label={agent.displayName}
                    aria-describedby={`load-${agent.agentId}`}
                  />
                  <Group gap={6} wrap="nowrap" id={`load-${agent.agentId}`}>
                    <Text size="sm" ff="monospace">
                      {t('supervisor.reassign.load', { active: agent.active, max: agent.max })}
                    </Text>
                    <Badge variant="light" color={why === null ? 'green' : 'gray'}>
                      {t(`supervisor.agentStatus.${agent.status}`)}
                    </Badge>
                    {why !== null && (
                      <Badge variant="outline" color="red" data-testid="unavailable">
                        {t(`supervisor.reassign.why.${why}`)}
                      </Badge>
                    )}
                  </Group>
                </Group>
              );
            })}
          </Stack>
        </Radio.Group>
        {errorText && (
          <Alert color="red" data-testid="reassign-error">
            {errorText}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('form.cancel')}
          </Button>
          <Button
            onClick={() => void submit()}
            disabled={chosen === null}
            loading={reassign.isPending}
            data-testid="reassign-confirm"
          >
            {t(mode === 'assign' ? 'supervisor.reassign.assign' : 'supervisor.reassign.move')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
