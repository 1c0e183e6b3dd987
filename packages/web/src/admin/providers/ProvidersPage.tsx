import { Alert, Badge, Button, Grid, Group, Loader, NavLink, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useProviders } from '../../api/providers';
import { ProviderForm } from './ProviderForm';

/** uContact style: the list of providers on one side, the selected one's form on the other. */
export function ProvidersPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const providers = useProviders();
  const selected = id && id !== 'new' ? (providers.data?.find((p) => p.id === id) ?? null) : null;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('providers.title')}</Title>
        <Button component={Link} to="/admin/providers/new" data-testid="new-provider">
          {t('providers.new')}
        </Button>
      </Group>
      <Grid align="flex-start">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="xs" data-testid="provider-list">
            {providers.isPending && <Loader size="sm" m="sm" />}
            {providers.error && <Alert color="red">{providers.error.message}</Alert>}
            {providers.data?.length === 0 && (
              <Text c="dimmed" size="sm" p="sm">
                {t('providers.empty')}
              </Text>
            )}
            {providers.data?.map((p) => (
              <NavLink
                key={p.id}
                component={Link}
                to={`/admin/providers/${p.id}`}
                active={p.id === id}
                label={p.name}
                description={`${t(`providers.kinds.${p.kind}`)} · ${t(`providers.channels.${p.channel}`)}`}
                rightSection={
                  p.secretSet ? null : (
                    <Badge color="orange" size="xs">
                      {t('providers.noSecret')}
                    </Badge>
                  )
                }
                data-testid={`provider-item-${p.id}`}
              />
            ))}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {id && id !== 'new' && !selected && providers.isSuccess ? (
            <Alert color="yellow">{t('providers.notFound')}</Alert>
          ) : (
            <ProviderForm key={selected?.id ?? 'new'} provider={selected} />
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
