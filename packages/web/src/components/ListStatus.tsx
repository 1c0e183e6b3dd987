import { Alert, Loader, Text } from '@mantine/core';

/**
 * What a list shows instead of its table: a spinner while loading, the error, or the empty message.
 * Renders nothing once there are rows, so the page renders its table next to it.
 */
export function ListStatus(props: {
  query: { isPending: boolean; error: Error | null; data?: readonly unknown[] };
  empty: string;
}) {
  const { query } = props;
  return (
    <>
      {query.isPending && <Loader m="md" size="sm" />}
      {query.error && <Alert color="red">{query.error.message}</Alert>}
      {query.data?.length === 0 && (
        <Text m="md" c="dimmed">
          {props.empty}
        </Text>
      )}
    </>
  );
}
