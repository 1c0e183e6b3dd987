import { Badge, Checkbox, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Person } from './membership';

export function PeopleList(props: {
  title: string;
  people: Person[];
  selectedCampaigns: number;
  checked: string[];
  onChecked: (ids: string[]) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const { people, checked } = props;
  const all = people.length > 0 && people.every((p) => checked.includes(p.agentId));
  return (
    <Paper withBorder p="sm" data-testid={props.testId}>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>
          {props.title} ({people.length})
        </Text>
        <Checkbox
          size="xs"
          label={t('members.selectAll')}
          checked={all}
          indeterminate={!all && checked.length > 0}
          disabled={people.length === 0}
          onChange={() => props.onChecked(all ? [] : people.map((p) => p.agentId))}
          data-testid={`${props.testId}-all`}
        />
      </Group>
      <ScrollArea.Autosize mah={420}>
        <Stack gap={6}>
          {people.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('members.nobody')}
            </Text>
          )}
          {people.map((p) => (
            <Group key={p.agentId} gap="xs" wrap="nowrap" justify="space-between">
              <Checkbox
                label={`${p.displayName} (${p.username})`}
                checked={checked.includes(p.agentId)}
                onChange={(e) =>
                  props.onChecked(
                    e.currentTarget.checked ? [...checked, p.agentId] : checked.filter((id) => id !== p.agentId),
                  )
                }
                data-testid={`${props.testId}-${p.agentId}`}
              />
              <Group gap={4} wrap="nowrap">
                {!p.enabled && (
                  <Badge size="xs" color="gray">
                    {t('users.disabled')}
                  </Badge>
                )}
                {p.memberOf > 0 && p.memberOf < props.selectedCampaigns && (
                  <Badge size="xs" variant="light">
                    {t('members.inSome', { count: p.memberOf, total: props.selectedCampaigns })}
                  </Badge>
                )}
              </Group>
            </Group>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Paper>
  );
}
