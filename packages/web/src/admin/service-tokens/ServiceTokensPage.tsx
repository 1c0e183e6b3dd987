import { useState } from 'react';
import { Badge, Button, Checkbox, Code, Group, Modal, Paper, Stack, Table, TextInput } from '@mantine/core';
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
import { ConfirmModal } from '../../components/ConfirmModal';
import { ListPageHeader } from '../../components/ListPageHeader';
import { ListStatus } from '../../components/ListStatus';
import { OneTimeSecret } from '../../components/OneTimeSecret';
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
      <ListPageHeader
        title={t('serviceTokens.title')}
        hint={t('serviceTokens.hint')}
        newLabel={t('serviceTokens.new')}
        newTestId="new-service-token"
        onNew={() => setCreating(true)}
      />
      {created && (
        <OneTimeSecret
          value={created.token}
          title={t('serviceTokens.createdTitle')}
          hint={t('serviceTokens.createdHint')}
          copyLabel={t('serviceTokens.copy')}
          copiedLabel={t('serviceTokens.copied')}
          doneLabel={t('serviceTokens.done')}
          onDone={() => setCreated(null)}
          testId="created-service-token"
          valueTestId="service-token-value"
          doneTestId="service-token-done"
        />
      )}
      <Paper withBorder>
        <ListStatus query={tokens} empty={t('serviceTokens.empty')} />
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
  return (
    <ConfirmModal
      title={t('serviceTokens.revoke')}
      message={t('serviceTokens.revokeConfirm', { name: props.token.name })}
      confirmLabel={t('serviceTokens.revoke')}
      confirmTestId="confirm-revoke"
      pending={revoke.isPending}
      onConfirm={async () => {
        await revoke.mutateAsync(props.token.id);
        notifySaved(t('serviceTokens.revokedNow', { name: props.token.name }));
      }}
      onClose={props.onClose}
    />
  );
}
