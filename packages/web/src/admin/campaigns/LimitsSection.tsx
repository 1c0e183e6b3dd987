import { Divider, NumberInput, SimpleGrid, Stack, Switch, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CampaignForm } from './form-type';

export function LimitsSection({ form }: { form: CampaignForm }) {
  const { t } = useTranslation();
  const number = (path: Parameters<CampaignForm['getInputProps']>[0], label: string, description?: string, min = 0) => (
    <NumberInput
      label={label}
      description={description}
      min={min}
      allowDecimal={false}
      allowNegative={false}
      {...form.getInputProps(path)}
    />
  );

  return (
    <Stack>
      <Title order={5}>{t('limits.assignment')}</Title>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        {number('maxInteractionsPerAgent', t('limits.maxInteractions'), t('limits.maxInteractionsHint'), 1)}
        {number('wrapUpSeconds', t('limits.wrapUp'), t('limits.wrapUpHint'))}
        {number('maxTransferSeconds', t('limits.maxTransfer'), t('limits.maxTransferHint'))}
      </SimpleGrid>
      <Divider />
      <Title order={5}>{t('limits.thresholds')}</Title>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        {number('thresholds.serviceLevel', t('campaign.serviceLevel'), t('campaign.serviceLevelHint'), 1)}
        {number('thresholds.shortAbandon', t('limits.shortAbandon'), t('limits.shortAbandonHint'))}
        {number('thresholds.chatTime', t('limits.chatTime'), t('limits.chatTimeHint'))}
        {number('thresholds.acd', t('limits.acd'), t('limits.acdHint'))}
        {number('thresholds.maxQueued', t('limits.maxQueued'), t('limits.maxQueuedHint'))}
        {number('thresholds.queueTimeout', t('limits.queueTimeout'), t('limits.queueTimeoutHint'))}
      </SimpleGrid>
      <Divider />
      <Switch
        label={t('limits.offerTimeout')}
        description={t('limits.offerTimeoutHint')}
        {...form.getInputProps('offerTimeoutEnabled', { type: 'checkbox' })}
      />
      {form.values.offerTimeoutEnabled && (
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          {number('offerTimeout.seconds', t('limits.offerSeconds'), undefined, 5)}
          {number('offerTimeout.pauseAfterMisses', t('limits.offerMisses'), t('limits.offerMissesHint'), 1)}
        </SimpleGrid>
      )}
    </Stack>
  );
}
