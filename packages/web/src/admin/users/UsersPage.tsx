import { useState } from 'react';
import { Alert, Badge, Button, Group, Loader, Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { User } from '@switchboard/protocol';
import { useMe } from '../../api/auth';
import { useCampaigns } from '../../api/campaigns';
import { useSaveUser, useUsers } from '../../api/users';
import { notifyError, notifySaved } from '../../forms/notify';
import { PasswordModal } from './PasswordModal';
import { UserFormModal } from './UserFormModal';

type Editing = { user: User | null } | null;

export function UsersPage() {
  const { t } = useTranslation();
  const users = useUsers();
  const campaigns = useCampaigns();
  const save = useSaveUser();
  const me = useMe().data;
  const [editing, setEditing] = useState<Editing>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const campaignName = new Map((campaigns.data ?? []).map((c) => [c.id, c.name]));

  const names = (ids: string[]) => ids.map((id) => campaignName.get(id) ?? id).join(', ') || t('users.noCampaigns');
  // Supervisors: what they see; agents: where they work; administrators see everything anyway.
  const scopeText = (u: User) =>
    u.role === 'supervisor'
      ? u.allCampaigns
        ? t('users.allCampaigns')
        : names(u.campaignIds)
      : u.role === 'agent'
        ? names(u.memberOf)
        : '—';

  const toggle = async (user: User) => {
    try {
      await save.mutateAsync({ id: user.id, body: { enabled: !user.enabled } });
      notifySaved(t(user.enabled ? 'users.disabledNow' : 'users.enabledNow', { name: user.displayName }));
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('users.title')}</Title>
        <Button onClick={() => setEditing({ user: null })} data-testid="new-user">
          {t('users.new')}
        </Button>
      </Group>
      <Paper withBorder>
        {users.isPending && <Loader m="md" size="sm" />}
        {users.error && <Alert color="red">{users.error.message}</Alert>}
        {users.data && (
          <Table verticalSpacing="sm" highlightOnHover data-testid="user-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.username')}</Table.Th>
                <Table.Th>{t('users.displayName')}</Table.Th>
                <Table.Th>{t('users.role')}</Table.Th>
                <Table.Th>{t('users.scope')}</Table.Th>
                <Table.Th>{t('users.status')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.map((u) => (
                <Table.Tr key={u.id} data-testid={`user-row-${u.username}`}>
                  <Table.Td fw={500}>{u.username}</Table.Td>
                  <Table.Td>{u.displayName}</Table.Td>
                  <Table.Td>{t(`roles.${u.role}`)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed" lineClamp={1}>
                      {scopeText(u)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={u.enabled ? 'green' : 'gray'} variant="light">
                      {u.enabled ? t('users.enabled') : t('users.disabled')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        onClick={() => setEditing({ user: u })}
                        data-testid={`edit-user-${u.username}`}
                      >
                        {t('form.edit')}
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        onClick={() => setResetting(u)}
                        data-testid={`reset-password-${u.username}`}
                      >
                        {t('users.resetPassword')}
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        disabled={u.id === me?.id}
                        color={u.enabled ? 'red' : 'green'}
                        onClick={() => void toggle(u)}
                        data-testid={`toggle-user-${u.username}`}
                      >
                        {u.enabled ? t('users.disable') : t('users.enable')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {editing && <UserFormModal user={editing.user} onClose={() => setEditing(null)} />}
      {resetting && <PasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </>
  );
}
