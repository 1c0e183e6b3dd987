import { AppShell, Badge, Burger, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { forgetSession, logout, useMe } from '../api/auth';
import { LanguageMenu } from './LanguageMenu';
import { NAV } from './nav';

export function RoleLayout() {
  const { t } = useTranslation();
  const me = useMe().data;
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  if (!me) return null;

  const signOut = async () => {
    try {
      await logout();
    } catch {
      // the session may already be gone; leaving is what the user asked for
    }
    forgetSession(client);
    void navigate('/login', { replace: true });
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'xs', sm: 'lg' }}
    >
      <AppShell.Header>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('layout.menu')} />
            <Text fw={700} size="lg" truncate>
              Switchboard
            </Text>
            <Badge variant="light" data-testid="role-badge" visibleFrom="xs">
              {t(`roles.${me.role}`)}
            </Badge>
          </Group>
          <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
            <Text size="sm" c="dimmed" visibleFrom="sm" data-testid="current-user">
              {me.displayName}
            </Text>
            <LanguageMenu />
            <Button variant="default" size="xs" onClick={() => void signOut()} data-testid="logout">
              {t('layout.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('layout.navigation')}>
        <Stack gap="lg">
          {NAV[me.role].map((group) => (
            <div key={group.title}>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
                {t(group.title)}
              </Text>
              {group.items.map((item) => (
                <NavLink
                  key={item.to}
                  component={Link}
                  to={item.to}
                  label={t(item.label)}
                  active={location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
                  onClick={close}
                />
              ))}
            </div>
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
