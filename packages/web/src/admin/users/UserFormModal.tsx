import { Button, Group, Modal, PasswordInput, SegmentedControl, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { MultiSelectField, SelectField } from '../../forms/ComboboxFields';
import { ROLES, type Role, type User } from '@switchboard/protocol';
import { useCampaigns } from '../../api/campaigns';
import { useSaveUser } from '../../api/users';
import { notifySaved, showServerError } from '../../forms/notify';

const FIELDS = ['username', 'displayName', 'role', 'password', 'enabled', 'allCampaigns', 'campaignIds'];

export function UserFormModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const campaigns = useCampaigns();
  const save = useSaveUser();
  const isNew = user === null;
  const form = useForm({
    initialValues: {
      username: user?.username ?? '',
      displayName: user?.displayName ?? '',
      role: (user?.role ?? 'agent') as Role,
      password: '',
      enabled: user?.enabled ?? true,
      allCampaigns: user?.allCampaigns ?? false,
      campaignIds: user?.campaignIds ?? [],
    },
    validate: {
      username: (v) => (isNew && v.trim().length < 2 ? t('users.usernameRule') : null),
      displayName: (v) => (v.trim() ? null : t('form.required')),
      password: (v) => (isNew && v.length < 8 ? t('users.passwordRule') : null),
    },
  });
  const supervisor = form.values.role === 'supervisor';

  const submit = form.onSubmit(async (v) => {
    const allCampaigns = v.role === 'supervisor' && v.allCampaigns;
    const campaignIds = v.role === 'supervisor' && !allCampaigns ? v.campaignIds : [];
    try {
      const saved = isNew
        ? await save.mutateAsync({
            id: null,
            body: {
              username: v.username.trim(),
              displayName: v.displayName.trim(),
              role: v.role,
              password: v.password,
              enabled: v.enabled,
              allCampaigns,
              campaignIds,
            },
          })
        : await save.mutateAsync({
            id: user.id,
            body: { displayName: v.displayName.trim(), role: v.role, enabled: v.enabled, allCampaigns, campaignIds },
          });
      notifySaved(t('users.saved', { name: saved.displayName }));
      onClose();
    } catch (error) {
      showServerError(error, form.setFieldError, FIELDS);
    }
  });

  return (
    <Modal opened onClose={onClose} title={isNew ? t('users.new') : t('users.edit', { name: user.username })} centered>
      <form onSubmit={submit} noValidate data-testid="user-form">
        <Stack>
          <TextInput
            label={t('users.username')}
            disabled={!isNew}
            autoComplete="off"
            {...form.getInputProps('username')}
          />
          <TextInput label={t('users.displayName')} {...form.getInputProps('displayName')} />
          <SelectField
            label={t('users.role')}
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            allowDeselect={false}
            {...form.getInputProps('role')}
          />
          {isNew && (
            <PasswordInput
              label={t('users.password')}
              autoComplete="new-password"
              {...form.getInputProps('password')}
            />
          )}
          <Switch label={t('users.enabled')} {...form.getInputProps('enabled', { type: 'checkbox' })} />
          {supervisor && (
            <SegmentedControl
              aria-label={t('users.scopeChoice')}
              data={[
                { value: 'all', label: t('users.allCampaigns') },
                { value: 'list', label: t('users.someCampaigns') },
              ]}
              value={form.values.allCampaigns ? 'all' : 'list'}
              onChange={(v) => form.setFieldValue('allCampaigns', v === 'all')}
              data-testid="scope-choice"
            />
          )}
          {supervisor && form.values.allCampaigns && (
            <Text size="sm" c="dimmed">
              {t('users.allCampaignsHint')}
            </Text>
          )}
          {supervisor && !form.values.allCampaigns && (
            <MultiSelectField
              label={t('users.campaigns')}
              description={t('users.campaignsHint')}
              data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              searchable
              clearable
              {...form.getInputProps('campaignIds')}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('form.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="save-user">
              {t('form.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
