import { Button, Group, Text, Title } from '@mantine/core';

/** Title with a "new" button, and a line saying what the page is for. */
export function ListPageHeader(props: {
  title: string;
  hint: string;
  newLabel: string;
  newTestId: string;
  onNew: () => void;
}) {
  return (
    <>
      <Group justify="space-between">
        <Title order={2}>{props.title}</Title>
        <Button onClick={props.onNew} data-testid={props.newTestId}>
          {props.newLabel}
        </Button>
      </Group>
      <Text c="dimmed" size="sm">
        {props.hint}
      </Text>
    </>
  );
}
