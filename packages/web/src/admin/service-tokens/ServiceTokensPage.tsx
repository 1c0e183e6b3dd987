import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Loader,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  SERVICE_TOKEN_SCOPES,
  type ServiceToken,
  type ServiceTokenCreated,
  type ServiceTokenScope,
} from '@switchboard/protocol';
import { ApiError, messageForField } from '../../api/client';
import { notifyError, notifySaved } from '../../forms/notify';
import { currentLanguage } from '../../i18n';
import { useCreateServiceToken, useRevokeServiceToken, useServiceTokens } from './service-tokens-api';

/** Named API tokens for phone systems and CRMs: list, create (the token is shown once), revoke. */
export function ServiceTokensPage() {
  const { t } = useTranslation();
  const tokens = useServiceTokens();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ServiceTokenCreated | null>(null);
  const [revoking, setRevoking] = useState<ServiceToken | null>(null);
  const format = new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'short', timeStyle: 'short' });
  const when = (at: number | null) => (at === null ? t('serviceTokens.never') : format.format(new Date(at)));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('serviceTokens.title')}</Title>
        <Button onClick={() => setCreating(true)} data-testid="new-service-token">
          {t('serviceTokens.new')}
        </Button>
      </Group>
      <Text c="dimmed" size="sm">
        {t('serviceTokens.hint')}
      </Text>
      {created && <CreatedToken token={created} onDone={() => setCreated(null)} />}
      <Paper withBorder>
        {tokens.isPending && <Loader m="md" size="sm" />}
        {tokens.error && <Alert color="red">{tokens.error.message}</Alert>}
        {tokens.data?.length === 0 && (
          <Text m="md" c="dimmed">
            {t('serviceTokens.empty')}
          </Text>
        )}
        {tokens.data && tokens.data.length > 0 && (
          <Table verticalSpacing="sm" data-testid="service-token-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('serviceTokens.name')}</Table.Th>
                <Table.Th>{t('serviceTokens.scopes')}</Table.Th>
                <Table.Th>{t('serviceTokens.created')}</Table.Th>
                <Table.Th>{t('serviceTokens.lastUsed')}</Table.Th>
                <Table.Th>{t('serviceTokens.status')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.data.map((token) => (
                <Table.Tr key={token.id} data-testid="service-token-row">
                  <Table.Td fw={500}>{token.name}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {token.scopes.map((scope) => (
                        <Code key={scope}>{scope}</Code>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {when(token.createdAt)} · {token.createdBy}
                  </Table.Td>
                  <Table.Td>{when(token.lastUsedAt)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={token.revokedAt === null ? 'green' : 'gray'}>
                      {token.revokedAt === null ? t('serviceTokens.active') : t('serviceTokens.revoked')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {token.revokedAt === null && (
                      <Button size="compact-sm" variant="subtle" color="red" onClick={() => setRevoking(token)}>
                        {t('serviceTokens.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <CreateModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(token) => {
          setCreating(false);
          setCreated(token);
        }}
      />
      {revoking && <RevokeModal token={revoking} onClose={() => setRevoking(null)} />}
    </Stack>
  );
}

/** The one time the token is visible: after "Done" (or leaving the page) nobody can read it again. */
function CreatedToken(props: { token: ServiceTokenCreated; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="teal" title={t('serviceTokens.createdTitle')} data-testid="created-service-token">
      <Stack gap="xs">
        <Text size="sm">{t('serviceTokens.createdHint')}</Text>
        <Group gap="xs" wrap="nowrap">
          <Code data-testid="service-token-value" style={{ wordBreak: 'break-all' }}>
            {props.token.token}
          </Code>
          <CopyButton value={props.token.token}>
            {({ copied, copy }) => (
              <Button size="compact-sm" variant="light" color={copied ? 'teal' : 'blue'} onClick={copy}>
                {copied ? t('serviceTokens.copied') : t('serviceTokens.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group>
          <Button size="compact-sm" variant="default" onClick={props.onDone} data-testid="service-token-done">
            {t('serviceTokens.done')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function CreateModal(props: { opened: boolean; onClose: () => void; onCreated: (t: ServiceTokenCreated) => void }) {
  const { t } = useTranslation();
  const create = useCreateServiceToken();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ServiceTokenScope[]>([]);
  const [errors, setErrors] = useState<{ name?: string; scopes?: string }>({});

  const close = () => {
    setName('');
    setScopes([]);
    setErrors({});
    props.onClose();
  };
  const submit = async () => {
    const found = {
      ...(name.trim() ? {} : { name: t('form.required') }),
      ...(scopes.length ? {} : { scopes: t('serviceTokens.scopeRequired') }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      const token = await create.mutateAsync({ name: name.trim(), scopes });
      close();
      props.onCreated(token);
    } catch (error) {
      const field = error instanceof ApiError ? error.field?.split('.')[0] : undefined;
      if (error instanceof ApiError && (field === 'name' || field === 'scopes'))
        setErrors({ [field]: messageForField(error) });
      else notifyError(error);
    }
  };

  return (
    <Modal opened={props.opened} onClose={close} title={t('serviceTokens.new')}>
      <Stack>
        <TextInput
          label={t('serviceTokens.name')}
          value={name}
          maxLength={120}
          error={errors.name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-testid="service-token-name"
        />
        <Checkbox.Group
          label={t('serviceTokens.scopes')}
          value={scopes}
          onChange={(v) => setScopes(v as ServiceTokenScope[])}
          error={errors.scopes}
        >
          <Stack gap={6} mt={6}>
            {SERVICE_TOKEN_SCOPES.map((scope) => (
              <Checkbox key={scope} value={scope} label={scope} data-testid={`scope-${scope}`} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('form.cancel')}
          </Button>
          <Button onClick={() => void submit()} loading={create.isPending} data-testid="create-service-token">
            {t('serviceTokens.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function RevokeModal(props: { token: ServiceToken; onClose: () => void }) {
  const { t } = useTranslation();
  const revoke = useRevokeServiceToken();
  const confirm = async () => {
    try {
      await revoke.mutateAsync(props.token.id);
      notifySaved(t('serviceTokens.revokedNow', { name: props.token.name }));
      props.onClose();
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Modal opened onClose={props.onClose} title={t('serviceTokens.revoke')}>
      <Stack>
        <Text>{t('serviceTokens.revokeConfirm', { name: props.token.name })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('form.cancel')}
          </Button>
          <Button color="red" onClick={() => void confirm()} loading={revoke.isPending} data-testid="confirm-revoke">
            {t('serviceTokens.revoke')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
