import { Button, Group, Paper, SegmentedControl, Stack, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { OneShotSend } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { useOneShotSend } from '../../api/providers';
import { notifySaved, showServerError } from '../../forms/notify';

interface Values {
  mode: 'text' | 'template';
  to: string;
  text: string;
  templateName: string;
  templateLanguage: string;
  templateParams: string;
}

/** The Client API's purpose: one message to one number, outside any conversation. */
export function OneShotSendPanel({ providerId }: { providerId: string }) {
  const { t } = useTranslation();
  const send = useOneShotSend(providerId);
  const form = useForm<Values>({
    initialValues: { mode: 'text', to: '', text: '', templateName: '', templateLanguage: 'es', templateParams: '' },
  });
  const { mode } = form.values;

  const submit = form.onSubmit(async (v) => {
    const body: OneShotSend =
      v.mode === 'text'
        ? { to: v.to.trim(), text: v.text }
        : {
            to: v.to.trim(),
            template: {
              name: v.templateName.trim(),
              language: v.templateLanguage.trim(),
              params: v.templateParams
                .split('\n')
                .map((p) => p.trim())
                .filter(Boolean),
            },
          };
    try {
      await send.mutateAsync(body);
      notifySaved(t('providers.oneShot.sent', { to: v.to.trim() }));
      form.setFieldValue('text', '');
    } catch (error) {
      showServerError(error, (field, message) => form.setFieldError(field === 'text' ? 'text' : field, message), [
        'to',
        'text',
      ]);
    }
  });

  return (
    <Paper withBorder p="lg" data-testid="one-shot-send">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={4}>{t('providers.oneShot.title')}</Title>
          <TextInput label={t('providers.oneShot.to')} placeholder="+59899123456" {...form.getInputProps('to')} />
          <SegmentedControl
            data={[
              { value: 'text', label: t('providers.oneShot.text') },
              { value: 'template', label: t('providers.oneShot.template') },
            ]}
            value={mode}
            onChange={(v) => form.setFieldValue('mode', v as Values['mode'])}
          />
          {mode === 'text' ? (
            <Textarea label={t('providers.oneShot.message')} autosize minRows={3} {...form.getInputProps('text')} />
          ) : (
            <>
              <TextInput label={t('providers.oneShot.templateName')} {...form.getInputProps('templateName')} />
              <TextInput label={t('providers.oneShot.templateLanguage')} {...form.getInputProps('templateLanguage')} />
              <Textarea
                label={t('providers.oneShot.templateParams')}
                autosize
                minRows={2}
                {...form.getInputProps('templateParams')}
              />
            </>
          )}
          <Group>
            <Button type="submit" loading={send.isPending} data-testid="one-shot-submit">
              {t('providers.oneShot.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
