import { Table, Text } from '@mantine/core';

/** The one row a table shows when it has nothing to list. */
export function EmptyTableRow({ colSpan, children }: { colSpan: number; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Td colSpan={colSpan}>
        <Text c="dimmed" size="sm" py="md" ta="center">
          {children}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
