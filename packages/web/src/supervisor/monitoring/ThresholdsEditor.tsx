import { useEffect, useState } from 'react';
import { Button, Group, NumberInput, Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CampaignMonitor } from '@switchboard/protocol';
import { notifyError, notifySaved } from '../../forms/notify';
import { useSaveThresholds, type ThresholdChange } from '../api/supervision-api';

type Draft = Record<keyof ThresholdChange, number | string>;

function draftOf(thresholds: CampaignMonitor['thresholds']): Draft {
  return { acd: thresholds.acd, serviceLevel: thresholds.serviceLevel, chatTime: thresholds.chatTime };
}

function parse(draft: Draft): ThresholdChange | null {
  const acd = Number(draft.acd);
  const serviceLevel = Number(draft.serviceLevel);
  const chatTime = Number(draft.chatTime);
  const whole = [acd, serviceLevel, chatTime].every((n) => Number.isInteger(n) && n >= 0);
  return whole && serviceLevel >= 1 && draft.acd !== '' && draft.chatTime !== ''
    ? { acd, serviceLevel, chatTime }
    : null;
}

/** Administrators only: the three thresholds that colour monitoring, saved to the campaign. */
export function ThresholdsEditor({ campaign }: { campaign: CampaignMonitor }) {
  const { t } = useTranslation();
  const save = useSaveThresholds(campaign.campaignId);
  const [draft, setDraft] = useState<Draft>(() => draftOf(campaign.thresholds));
  const { acd, serviceLevel, chatTime } = campaign.thresholds;

  // A save from elsewhere (or this one) arrives with the refetch: show it unless the user is mid-edit.
  useEffect(() => {
    setDraft({ acd, serviceLevel, chatTime });
  }, [acd, serviceLevel, chatTime]);

  const parsed = parse(draft);
  const changed =
    parsed !== null && (parsed.acd !== acd || parsed.serviceLevel !== serviceLevel || parsed.chatTime !== chatTime);

  const submit = async () => {
    if (!parsed) return;
    try {
      await save.mutateAsync(parsed);
      notifySaved(t('supervisor.thresholds.saved', { name: campaign.name }));
    } catch (error) {
      notifyError(error);
    }
  };

  const field = (key: keyof ThresholdChange, min: number) => ({
    value: draft[key],
    onChange: (value: number | string) => setDraft((d) => ({ ...d, [key]: value })),
    min,
    allowDecimal: false,
    allowNegative: false,
    size: 'xs' as const,
    w: 150,
  });

  return (
    <Paper withBorder p="sm" data-testid="thresholds">
      <Title order={4} mb={4}>
        {t('supervisor.thresholds.title')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('supervisor.thresholds.hint')}
      </Text>
      <Group align="flex-end" gap="sm">
        <NumberInput label={t('supervisor.thresholds.acd')} {...field('acd', 0)} data-testid="thresholds-acd" />
        <NumberInput
          label={t('supervisor.thresholds.serviceLevel')}
          {...field('serviceLevel', 1)}
          data-testid="thresholds-service-level"
        />
        <NumberInput
          label={t('supervisor.thresholds.chatTime')}
          {...field('chatTime', 0)}
          data-testid="thresholds-chat-time"
        />
        <Button
          size="xs"
          onClick={() => void submit()}
          disabled={!changed}
          loading={save.isPending}
          data-testid="thresholds-save"
        >
          {t('supervisor.thresholds.save')}
        </Button>
      </Group>
    </Paper>
  );
}
