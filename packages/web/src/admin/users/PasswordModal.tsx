import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { User } from '@switchboard/protocol';
import { useResetPassword } from '../../api/users';
import { notifySaved, showServerError } from '../../forms/notify';

export function PasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const reset = useResetPassword();
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => (v.length < 8 ? t('users.passwordRule') : null),
      confirm: (v, values) => (v === values.password ? null : t('users.passwordMismatch')),
    },
  });
  const submit = form.onSubmit(async (v) => {
    try {
      await reset.mutateAsync({ id: user.id, password: v.password });
      notifySaved(t('users.passwordChanged', { name: user.displayName }));
      onClose();
    } catch (error) {
      showServerError(error, form.setFieldError, ['password']);
    }
  });
  return (
    <Modal opened onClose={onClose} title={t('users.resetPassword')} centered>
      <form onSubmit={submit} noValidate data-testid="password-form">
        <Stack>
          <Text size="sm">{t('users.resetFor', { name: `${user.displayName} (${user.username})` })}</Text>
          <PasswordInput
            label={t('users.newPassword')}
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label={t('users.confirmPassword')}
            autoComplete="new-password"
            {...form.getInputProps('confirm')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('form.cancel')}
            </Button>
            <Button type="submit" loading={reset.isPending} data-testid="save-password">
              {t('users.setPassword')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
