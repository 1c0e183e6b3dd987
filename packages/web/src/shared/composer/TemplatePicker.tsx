import { useMemo, useState } from 'react';
import { Alert, Button, Group, Loader, Paper, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MessageTemplate, SendMessageBody } from '@switchboard/protocol';
import { SelectField } from '../../forms/ComboboxFields';
import { TemplateForm } from './TemplateForm';
import { previewTemplate } from './template-preview';
import { useInteractionTemplates } from './use-templates';

type Template = NonNullable<SendMessageBody['template']>;

const keyOf = (t: MessageTemplate) => `${t.name}\u0000${t.language}`;

/**
 * Outside the 24-hour window: the provider's approved templates, the customer's language first, with the body
 * shown as the customer will read it and one input per parameter. A provider without a synced catalogue
 * (HeyNow's WhatsApp) gets the free form, where the agent types the template's name and language.
 */
export function TemplatePicker({
  interactionId,
  sending,
  onSend,
}: {
  interactionId: string;
  sending: boolean;
  onSend: (template: Template) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const catalogue = useInteractionTemplates(interactionId);
  const templates = useMemo(() => catalogue.data?.templates ?? [], [catalogue.data]);
  // The server ranks the customer's language first, so the first template's language is the one to show.
  const languages = useMemo(() => [...new Set(templates.map((tpl) => tpl.language))], [templates]);
  const preferred = languages[0];
  const [language, setLanguage] = useState<string | undefined>(undefined);
  const shownLanguage = language ?? preferred;
  const inLanguage = templates.filter((tpl) => tpl.language === shownLanguage);
  const [chosenKey, setChosenKey] = useState<string | null>(null);
  const chosen = inLanguage.find((tpl) => keyOf(tpl) === chosenKey) ?? inLanguage[0];
  const [params, setParams] = useState<string[]>([]);
  const [touched, setTouched] = useState(false);

  if (catalogue.isPending) return <Loader size="sm" />;
  if (catalogue.isError || !catalogue.data.synced) return <TemplateForm sending={sending} onSend={onSend} />;
  if (templates.length === 0)
    return (
      <Alert color="gray" variant="light" data-testid="no-templates">
        {t('agent.template.none')}
      </Alert>
    );

  const values = Array.from({ length: chosen?.paramCount ?? 0 }, (_, i) => params[i] ?? '');
  const complete = values.every((v) => v.trim() !== '');
  const pick = (next: MessageTemplate | undefined) => {
    setChosenKey(next ? keyOf(next) : null);
    setParams([]);
    setTouched(false);
  };

  const submit = async () => {
    setTouched(true);
    if (!chosen || !complete) return;
    const sent = await onSend({
      name: chosen.name,
      language: chosen.language,
      ...(values.length > 0 ? { params: values.map((v) => v.trim()) } : {}),
    });
    if (sent) pick(chosen);
  };

  return (
    <Stack gap="xs" data-testid="template-picker">
      <Text size="sm" fw={600}>
        {t('agent.template.title')}
      </Text>
      {languages.length > 1 && (
        <SegmentedControl
          size="xs"
          data={languages}
          value={shownLanguage ?? ''}
          onChange={(next) => {
            setLanguage(next);
            pick(undefined);
          }}
          data-testid="template-languages"
        />
      )}
      <SelectField
        label={t('agent.template.choose')}
        data={inLanguage.map((tpl) => ({ value: keyOf(tpl), label: tpl.name }))}
        value={chosen ? keyOf(chosen) : null}
        onChange={(value) => pick(inLanguage.find((tpl) => keyOf(tpl) === value))}
        allowDeselect={false}
        data-testid="template-choice"
      />
      {chosen && (
        <Paper withBorder p="xs" bg="var(--mantine-color-gray-0)">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="template-preview">
            {previewTemplate(chosen.bodyText, values)}
          </Text>
        </Paper>
      )}
      {values.map((value, i) => (
        <TextInput
          key={`${chosen ? keyOf(chosen) : ''}-${i}`}
          label={t('agent.template.param', { n: i + 1 })}
          value={value}
          maxLength={1000}
          error={touched && value.trim() === '' ? t('form.required') : undefined}
          onChange={(e) => {
            const next = e.currentTarget.value;
            setParams(() => values.map((p, j) => (j === i ? next : p)));
          }}
          data-testid="template-param"
        />
      ))}
      <Group justify="flex-end">
        <Button onClick={() => void submit()} loading={sending} disabled={!chosen} data-testid="template-send">
          {t('agent.template.send')}
        </Button>
      </Group>
    </Stack>
  );
}
