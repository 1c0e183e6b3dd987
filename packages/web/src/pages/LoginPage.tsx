import { useState } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import type { Me } from '@switchboard/protocol';
import { login, meKey, useMe } from '../api/auth';
import { ApiError } from '../api/client';
import { homeFor, mayOpen } from '../auth/role-home';
import { LanguageMenu } from '../layout/LanguageMenu';

function destination(me: Me, from: unknown): string {
  return typeof from === 'string' && mayOpen(me.role, from) ? from : homeFor(me.role);
}

export function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: unknown } | null)?.from;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { username: '', password: '' },
    validate: {
      username: (v) => (v.trim() ? null : t('login.required')),
      password: (v) => (v ? null : t('login.required')),
    },
  });

  if (me.data) return <Navigate to={destination(me.data, from)} replace />;

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const signedIn = await login({ username: values.username.trim(), password: values.password });
      // A session check still in flight would otherwise overwrite the user with its older "nobody".
      await client.cancelQueries({ queryKey: meKey });
      client.setQueryData(meKey, signedIn);
      void navigate(destination(signedIn, from), { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setError(t('login.invalid'));
      else if (e instanceof ApiError && e.status === 429) setError(t('login.rateLimited'));
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder shadow="sm" p="xl" w={380} maw="100%">
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={2}>Switchboard</Title>
              <Text c="dimmed" size="sm">
                {t('login.subtitle')}
              </Text>
            </div>
            {error && (
              <Alert color="red" variant="light" data-testid="login-error" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label={t('login.username')}
              autoComplete="username"
              autoFocus
              {...form.getInputProps('username')}
            />
            <PasswordInput
              label={t('login.password')}
              autoComplete="current-password"
              {...form.getInputProps('password')}
            />
            <LanguageMenu label={t('login.language')} />
            <Button type="submit" loading={busy} fullWidth>
              {t('login.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
