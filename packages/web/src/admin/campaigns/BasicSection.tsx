import { NumberInput, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { MultiSelectField, SelectField, TagsField } from '../../forms/ComboboxFields';
import { DELIVERY_MODES, STRATEGIES } from '@switchboard/protocol';
import { useProviders } from '../../api/providers';
import type { CampaignForm } from './form-type';

export function BasicSection({ form }: { form: CampaignForm }) {
  const { t } = useTranslation();
  const providers = useProviders();
  // A Client API provider only sends one-off messages: it cannot feed a campaign (the server refuses it too).
  const sources = providers.data?.filter((p) => p.kind !== 'heynow-client');
  const { strategy, deliveryMode } = form.values;

  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <TextInput label={t('campaign.name')} {...form.getInputProps('name')} />
        <Switch
          mt={{ base: 0, md: 30 }}
          label={t('campaign.enabled')}
          {...form.getInputProps('enabled', { type: 'checkbox' })}
        />
        <SelectField
          label={t('campaign.strategy')}
          data={STRATEGIES.map((s) => ({ value: s, label: s }))}
          allowDeselect={false}
          description={t(`strategies.${strategy}`)}
          renderOption={({ option }) => (
            <div>
              <Text size="sm" fw={500}>
                {option.label}
              </Text>
              <Text size="xs" c="dimmed">
                {t(`strategies.${option.value as (typeof STRATEGIES)[number]}`)}
              </Text>
            </div>
          )}
          {...form.getInputProps('strategy')}
        />
        <SelectField
          label={t('campaign.deliveryMode')}
          data={DELIVERY_MODES.map((d) => ({ value: d, label: d }))}
          allowDeselect={false}
          description={t(`deliveryModes.${deliveryMode}`)}
          renderOption={({ option }) => (
            <div>
              <Text size="sm" fw={500}>
                {option.label}
              </Text>
              <Text size="xs" c="dimmed">
                {t(`deliveryModes.${option.value as (typeof DELIVERY_MODES)[number]}`)}
              </Text>
            </div>
          )}
          {...form.getInputProps('deliveryMode')}
        />
        <NumberInput
          label={t('campaign.serviceLevel')}
          description={t('campaign.serviceLevelHint')}
          min={1}
          allowDecimal={false}
          {...form.getInputProps('thresholds.serviceLevel')}
        />
      </SimpleGrid>
      <TagsField
        label={t('campaign.skills')}
        description={t('campaign.skillsHint')}
        placeholder={t('campaign.skillsPlaceholder')}
        clearable
        {...form.getInputProps('skills')}
      />
      <MultiSelectField
        label={t('campaign.providers')}
        description={t('campaign.providersHint')}
        placeholder={sources?.length === 0 ? t('campaign.noProviders') : undefined}
        data={(sources ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.platformId})` }))}
        searchable
        {...form.getInputProps('providerIds')}
      />
    </Stack>
  );
}
