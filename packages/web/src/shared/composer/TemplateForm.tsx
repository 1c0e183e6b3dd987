import { useState } from 'react';
import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SendMessageBody } from '@switchboard/protocol';

type Template = NonNullable<SendMessageBody['template']>;

/** Outside the 24-hour window WhatsApp only accepts approved templates: name, language and parameters. */
export function TemplateForm({
  sending,
  onSend,
}: {
  sending: boolean;
  onSend: (template: Template) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [language, setLanguage] = useState('es');
  const [params, setParams] = useState<string[]>([]);
  const [touched, setTouched] = useState(false);

  const submit = async () => {
    setTouched(true);
    if (!name.trim() || language.trim().length < 2) return;
    const sent = await onSend({
      name: name.trim(),
      language: language.trim(),
      ...(params.length > 0 ? { params } : {}),
    });
    if (sent) {
      setParams([]);
      setTouched(false);
    }
  };

  return (
    <Stack gap="xs" data-testid="template-form">
      <Text size="sm" fw={600}>
        {t('agent.template.title')}
      </Text>
      <Group gap="xs" align="flex-start" grow>
        <TextInput
          label={t('agent.template.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={touched && !name.trim() ? t('form.required') : undefined}
          maxLength={120}
          data-testid="template-name"
        />
        <TextInput
          label={t('agent.template.language')}
          value={language}
          onChange={(e) => setLanguage(e.currentTarget.value)}
          error={touched && language.trim().length < 2 ? t('form.required') : undefined}
          maxLength={10}
          maw={140}
          data-testid="template-language"
        />
      </Group>
      {params.map((value, i) => (
        <Group key={i} gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            style={{ flex: 1 }}
            label={t('agent.template.param', { n: i + 1 })}
            value={value}
            maxLength={1000}
            onChange={(e) => {
              const next = e.currentTarget.value;
              setParams((list) => list.map((p, j) => (j === i ? next : p)));
            }}
            data-testid="template-param"
          />
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={t('agent.template.removeParam', { n: i + 1 })}
            onClick={() => setParams((list) => list.filter((_, j) => j !== i))}
          >
            ✕
          </ActionIcon>
        </Group>
      ))}
      <Group justify="space-between">
        <Button
          variant="subtle"
          size="compact-sm"
          disabled={params.length >= 20}
          onClick={() => setParams((list) => [...list, ''])}
          data-testid="template-add-param"
        >
          + {t('agent.template.addParam')}
        </Button>
        <Button onClick={() => void submit()} loading={sending} data-testid="template-send">
          {t('agent.template.send')}
        </Button>
      </Group>
    </Stack>
  );
}
