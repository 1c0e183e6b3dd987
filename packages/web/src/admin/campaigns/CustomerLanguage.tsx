import { useState } from 'react';
import { Alert, Button, Group, Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CAMPAIGN_LANGUAGES, type CampaignLanguage } from '@switchboard/protocol';
import { untouchedDefaults } from './campaign-form';
import type { CampaignForm } from './form-type';

/**
 * The language customers are written to in. Changing it offers to replace the texts that are still a default
 * (nobody wrote them) with the new language's; texts an administrator wrote are left alone.
 */
export function CustomerLanguage({ form }: { form: CampaignForm }) {
  const { t } = useTranslation();
  const [offer, setOffer] = useState<{ path: string; text: string }[]>([]);

  const choose = (value: string | null) => {
    if (!value || value === form.values.language) return;
    const language = value as CampaignLanguage;
    form.setFieldValue('language', language);
    setOffer(untouchedDefaults(form.values, language));
  };
  const replace = () => {
    for (const { path, text } of offer) form.setFieldValue(path, text);
    setOffer([]);
  };

  return (
    <>
      <Select
        label={t('messages.language')}
        description={t('messages.languageHint')}
        data={CAMPAIGN_LANGUAGES.map((l) => ({ value: l, label: t(`messages.languages.${l}`) }))}
        value={form.values.language}
        onChange={choose}
        allowDeselect={false}
        data-testid="campaign-language"
        maw={320}
      />
      {offer.length > 0 && (
        <Alert color="blue" data-testid="replace-defaults" title={t('messages.replaceTitle')}>
          <Text size="sm" mb="xs">
            {t('messages.replaceBody', {
              count: offer.length,
              language: t(`messages.languages.${form.values.language}`),
            })}
          </Text>
          <Group gap="xs">
            <Button size="xs" onClick={replace} data-testid="replace-defaults-yes">
              {t('messages.replaceYes')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setOffer([])} data-testid="replace-defaults-no">
              {t('messages.replaceNo')}
            </Button>
          </Group>
        </Alert>
      )}
    </>
  );
}
