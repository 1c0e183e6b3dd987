import { Stack, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CampaignForm } from './form-type';

export function MessagesSection({ form }: { form: CampaignForm }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Textarea
        label={t('messages.welcome')}
        description={t('messages.welcomeHint')}
        autosize
        minRows={2}
        {...form.getInputProps('messages.welcome')}
      />
      <Textarea
        label={t('messages.outOfTime')}
        description={t('messages.outOfTimeHint')}
        autosize
        minRows={2}
        {...form.getInputProps('messages.outOfTime')}
      />
      <Textarea
        label={t('messages.notAvailable')}
        description={t('messages.notAvailableHint')}
        autosize
        minRows={2}
        {...form.getInputProps('messages.notAvailable')}
      />
    </Stack>
  );
}
