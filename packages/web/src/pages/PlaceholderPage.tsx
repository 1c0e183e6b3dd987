import { EmptyState, Paper, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

type Page = 'monitoring' | 'recordings' | 'inbox';

/** The layout shell of an area whose feature page arrives with a later module; shows no invented data. */
export function PlaceholderPage({ page }: { page: Page }) {
  const { t } = useTranslation();
  return (
    <>
      <Title order={2} mb="md">
        {t(`placeholder.${page}.title`)}
      </Title>
      <Paper withBorder p="xl" data-testid={`placeholder-${page}`}>
        <EmptyState title={t(`placeholder.${page}.empty`)} description={t(`placeholder.${page}.hint`)} />
      </Paper>
    </>
  );
}
