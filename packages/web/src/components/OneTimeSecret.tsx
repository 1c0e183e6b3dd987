import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';

/**
 * The one time a generated secret is visible: after "Done" (or leaving the page) nobody can read it again,
 * so it comes with a copy button. Labels come from the page, whose wording differs (token, signing secret).
 */
export function OneTimeSecret(props: {
  value: string;
  title: string;
  hint: string;
  copyLabel: string;
  copiedLabel: string;
  doneLabel: string;
  onDone: () => void;
  testId: string;
  valueTestId: string;
  doneTestId: string;
}) {
  return (
    <Alert color="teal" title={props.title} data-testid={props.testId}>
      <Stack gap="xs">
        <Text size="sm">{props.hint}</Text>
        <Group gap="xs" wrap="nowrap">
          <Code data-testid={props.valueTestId} style={{ wordBreak: 'break-all' }}>
            {props.value}
          </Code>
          <CopyButton value={props.value}>
            {({ copied, copy }) => (
              <Button size="compact-sm" variant="light" color={copied ? 'teal' : 'blue'} onClick={copy}>
                {copied ? props.copiedLabel : props.copyLabel}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group>
          <Button size="compact-sm" variant="default" onClick={props.onDone} data-testid={props.doneTestId}>
            {props.doneLabel}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
