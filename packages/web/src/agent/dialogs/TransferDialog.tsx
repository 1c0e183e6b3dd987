import { useState } from 'react';
import { Alert, Button, Group, Modal, NativeSelect, SegmentedControl, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgentCampaign } from '@switchboard/protocol';
import { notifyError, notifySaved } from '../../forms/notify';
import { useColleagues, useTransfer } from '../api/agent-api';
import type { TFunction } from 'i18next';

interface Props {
  interactionId: string;
  currentCampaignId: string | null;
  myId: string;
  campaigns: readonly AgentCampaign[];
  opened: boolean;
  onClose: () => void;
}

/** Transfer to a colleague of the agent's campaigns, or back to a campaign's queue. */
export function TransferDialog({ interactionId, currentCampaignId, myId, campaigns, opened, onClose }: Props) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<'agent' | 'campaign'>('agent');
  const [agentId, setAgentId] = useState('');
  const [campaignId, setCampaignId] = useState('');
  const colleagues = useColleagues(opened);
  const transfer = useTransfer(interactionId);
  const others = (colleagues.data ?? []).filter((c) => c.id !== myId);
  const chosen = target === 'agent' ? agentId : campaignId;

  const confirm = async () => {
    if (!chosen) return;
    try {
      await transfer.mutateAsync(target === 'agent' ? { toAgentId: chosen } : { toCampaignId: chosen });
      notifySaved(t('agent.transfer.requested'));
      onClose();
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('agent.transfer.title')} data-testid="transfer-dialog">
      <Stack>
        <SegmentedControl
          value={target}
          onChange={(v) => setTarget(v === 'campaign' ? 'campaign' : 'agent')}
          data={[
            { value: 'agent', label: t('agent.transfer.toAgent') },
            { value: 'campaign', label: t('agent.transfer.toCampaign') },
          ]}
          data-testid="transfer-target"
        />
        {target === 'agent' ? (
          colleagues.isSuccess && others.length === 0 ? (
            <Alert color="gray">{t('agent.transfer.noAgents')}</Alert>
          ) : (
            <NativeSelect
              label={t('agent.transfer.agent')}
              value={agentId}
              onChange={(e) => setAgentId(e.currentTarget.value)}
              disabled={colleagues.isPending}
              error={colleagues.error?.message}
              data={[
                { value: '', label: t('agent.close.choose'), disabled: true },
                // Offline colleagues are listed (so the agent knows they exist) but cannot be chosen: nobody
                // would be there to accept the transfer.
                ...others.map((c) =>
                  c.status === 'offline'
                    ? { value: c.id, label: t('agent.transfer.offline', { name: c.displayName }), disabled: true }
                    : { value: c.id, label: `${c.displayName} — ${statusText(c.status, t)}` },
                ),
              ]}
              data-testid="transfer-agent"
            />
          )
        ) : (
          <NativeSelect
            label={t('agent.transfer.campaign')}
            value={campaignId}
            onChange={(e) => setCampaignId(e.currentTarget.value)}
            data={[
              { value: '', label: t('agent.close.choose'), disabled: true },
              ...campaigns.map((c) => ({
                value: c.id,
                label: c.id === currentCampaignId ? t('agent.transfer.current', { name: c.name }) : c.name,
              })),
            ]}
            data-testid="transfer-campaign"
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('agent.cancel')}
          </Button>
          <Button
            disabled={!chosen}
            loading={transfer.isPending}
            onClick={() => void confirm()}
            data-testid="transfer-confirm"
          >
            {t('agent.transfer.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function statusText(status: string, t: TFunction): string {
  switch (status) {
    case 'available':
    case 'paused':
    case 'wrapup':
    case 'offline':
      return t(`agent.status.${status}`);
    default:
      return status;
  }
}
