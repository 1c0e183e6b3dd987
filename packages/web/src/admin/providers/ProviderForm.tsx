import { useState } from 'react';
import {
  Button,
  Code,
  CopyButton,
  Group,
  Input,
  Paper,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../forms/ComboboxFields';
import { useNavigate } from 'react-router-dom';
import { CHANNELS, type Provider } from '@switchboard/protocol';
import { useSaveProvider } from '../../api/providers';
import { notifySaved, showServerError } from '../../forms/notify';
import { DeleteProviderModal } from './DeleteProviderModal';
import { OneShotSendPanel } from './OneShotSendPanel';
import { TemplateSyncPanel } from './TemplateSyncPanel';
import {
  CLOUD_SECRETS,
  PROVIDER_FIELDS,
  formPathOf,
  messagesPerSecondValid,
  toCreateBody,
  toFormValues,
  toUpdateBody,
} from './provider-form';

export function ProviderForm({ provider }: { provider: Provider | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const save = useSaveProvider();
  const [deleting, setDeleting] = useState(false);
  const form = useForm({ initialValues: toFormValues(provider) });
  const { kind } = form.values;
  const isNew = provider === null;
  const required = t('form.required');

  const submit = form.onSubmit(async (values) => {
    const missing: Record<string, string> = {};
    if (!values.name.trim()) missing.name = required;
    if (!values.platformId.trim()) missing.platformId = required;
    if (kind === 'heynow-direct' && !values.domain.trim()) missing.domain = required;
    if (kind === 'heynow-client' && !values.username.trim()) missing.username = required;
    if (isNew && kind !== 'whatsapp-cloud' && !values.secret) missing.secret = required;
    if (isNew && kind === 'whatsapp-cloud') for (const key of CLOUD_SECRETS) if (!values[key]) missing[key] = required;
    if (kind === 'whatsapp-cloud' && !messagesPerSecondValid(values.messagesPerSecond))
      missing.messagesPerSecond = t('providers.messagesPerSecondRange');
    if (Object.keys(missing).length > 0) {
      form.setErrors(missing);
      return;
    }
    try {
      const saved = isNew
        ? await save.mutateAsync({ id: null, body: toCreateBody(values) })
        : await save.mutateAsync({ id: provider.id, body: toUpdateBody(values) });
      notifySaved(t('providers.saved', { name: saved.name }));
      if (isNew) void navigate(`/admin/providers/${saved.id}`);
      else form.setFieldValue('secret', '');
    } catch (error) {
      showServerError(error, (field, message) => form.setFieldError(formPathOf(field), message), PROVIDER_FIELDS);
    }
  });

  const secretLabel = kind === 'heynow-client' ? t('providers.password') : t('providers.partnerToken');
  const secretPlaceholder = !isNew && provider.secretSet ? t('providers.secretSet') : undefined;
  const webhookUrl = provider ? `${window.location.origin}${provider.webhookPath}` : '';

  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit} noValidate data-testid="provider-form">
        <Stack>
          <Title order={3}>{isNew ? t('providers.new') : provider.name}</Title>
          <Input.Wrapper label={t('providers.kind')}>
            <div>
              <SegmentedControl
                data={[
                  { value: 'heynow-direct', label: t('providers.kinds.heynow-direct') },
                  { value: 'heynow-client', label: t('providers.kinds.heynow-client') },
                  { value: 'whatsapp-cloud', label: t('providers.kinds.whatsapp-cloud') },
                ]}
                value={kind}
                onChange={(v) => form.setFieldValue('kind', v as Provider['kind'])}
                disabled={!isNew}
                data-testid="provider-kind"
              />
            </div>
          </Input.Wrapper>
          <TextInput label={t('providers.name')} {...form.getInputProps('name')} />
          {kind !== 'whatsapp-cloud' && (
            <SelectField
              label={t('providers.channel')}
              data={CHANNELS.map((c) => ({ value: c, label: t(`providers.channels.${c}`) }))}
              allowDeselect={false}
              {...form.getInputProps('channel')}
            />
          )}
          {kind === 'heynow-client' && (
            <TextInput label={t('providers.username')} autoComplete="off" {...form.getInputProps('username')} />
          )}
          {kind !== 'whatsapp-cloud' && (
            <PasswordInput
              label={secretLabel}
              placeholder={secretPlaceholder}
              description={secretPlaceholder}
              autoComplete="new-password"
              {...form.getInputProps('secret')}
            />
          )}
          {kind === 'whatsapp-cloud' &&
            CLOUD_SECRETS.map((key) => (
              <PasswordInput
                key={key}
                label={t(`providers.${key}`)}
                placeholder={secretPlaceholder}
                description={secretPlaceholder}
                autoComplete="new-password"
                {...form.getInputProps(key)}
              />
            ))}
          {kind === 'whatsapp-cloud' && (
            <TextInput
              label={t('providers.graphDomain')}
              placeholder="https://graph.facebook.com/v21.0"
              {...form.getInputProps('domain')}
            />
          )}
          {kind === 'whatsapp-cloud' && (
            <TextInput
              label={t('providers.messagesPerSecond')}
              description={t('providers.messagesPerSecondHint')}
              placeholder="80"
              inputMode="numeric"
              data-testid="provider-messages-per-second"
              {...form.getInputProps('messagesPerSecond')}
            />
          )}
          {kind === 'whatsapp-cloud' && (
            <TextInput
              label={t('providers.wabaId')}
              description={t('providers.wabaIdHint')}
              inputMode="numeric"
              data-testid="provider-waba-id"
              {...form.getInputProps('wabaId')}
            />
          )}
          {kind !== 'whatsapp-cloud' && (
            <TextInput
              label={t('providers.domain')}
              placeholder="https://"
              description={kind === 'heynow-client' ? t('providers.domainOptional') : undefined}
              {...form.getInputProps('domain')}
            />
          )}
          <TextInput label={t('providers.platformId')} {...form.getInputProps('platformId')} />
          {provider && provider.kind !== 'heynow-client' && (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('providers.webhook')}
              </Text>
              <Group gap="xs" wrap="nowrap">
                <Code data-testid="webhook-url" style={{ wordBreak: 'break-all' }}>
                  {webhookUrl}
                </Code>
                <CopyButton value={webhookUrl}>
                  {({ copied, copy }) => (
                    <Button size="compact-sm" variant="light" color={copied ? 'teal' : 'blue'} onClick={copy}>
                      {copied ? t('providers.copied') : t('providers.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
              <Text size="xs" c="dimmed">
                {t('providers.webhookHint')}
              </Text>
            </Stack>
          )}
          <Group justify="space-between" mt="sm">
            <Button type="submit" loading={save.isPending} data-testid="save-provider">
              {t('form.save')}
            </Button>
            {!isNew && (
              <Button color="red" variant="light" onClick={() => setDeleting(true)} data-testid="delete-provider">
                {t('form.delete')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
      {provider?.kind === 'heynow-client' && (
        <div style={{ marginTop: 'var(--mantine-spacing-lg)' }}>
          <OneShotSendPanel providerId={provider.id} />
        </div>
      )}
      {provider?.kind === 'whatsapp-cloud' && (
        <div style={{ marginTop: 'var(--mantine-spacing-lg)' }}>
          <TemplateSyncPanel provider={provider} />
        </div>
      )}
      {provider && (
        <DeleteProviderModal
          provider={provider}
          opened={deleting}
          onClose={() => setDeleting(false)}
          onDeleted={() => void navigate('/admin/providers')}
        />
      )}
    </Paper>
  );
}
