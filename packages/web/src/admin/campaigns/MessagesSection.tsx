import { Divider, NumberInput, SimpleGrid, Stack, Switch, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CustomerLanguage } from './CustomerLanguage';
import type { CampaignForm } from './form-type';

export function MessagesSection({ form }: { form: CampaignForm }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <CustomerLanguage form={form} />
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
      <Divider />
      <Switch
        label={t('messages.queueUpdates')}
        description={t('messages.queueUpdatesHint')}
        {...form.getInputProps('queueUpdates.enabled', { type: 'checkbox' })}
      />
      {form.values.queueUpdates.enabled && (
        <>
          <Textarea
            label={t('messages.queueTemplate')}
            description={t('messages.queueTemplateHint')}
            autosize
            minRows={2}
            {...form.getInputProps('queueUpdates.template')}
          />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <NumberInput
              label={t('messages.queueStep')}
              description={t('messages.queueStepHint')}
              min={0}
              allowDecimal={false}
              allowNegative={false}
              {...form.getInputProps('queueUpdates.stepPositions')}
            />
            <NumberInput
              label={t('messages.queueEvery')}
              description={t('messages.queueEveryHint')}
              min={0}
              allowDecimal={false}
              allowNegative={false}
              {...form.getInputProps('queueUpdates.everyMinutes')}
            />
          </SimpleGrid>
        </>
      )}
      <Divider />
      <Switch
        label={t('messages.survey')}
        description={t('messages.surveyHint')}
        data-testid="survey-enabled"
        {...form.getInputProps('survey.enabled', { type: 'checkbox' })}
      />
      {form.values.survey.enabled && (
        <Textarea
          label={t('messages.surveyQuestion')}
          description={t('messages.surveyQuestionHint')}
          autosize
          minRows={2}
          data-testid="survey-question"
          {...form.getInputProps('survey.question')}
        />
      )}
    </Stack>
  );
}
