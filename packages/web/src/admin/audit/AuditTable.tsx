import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '@switchboard/protocol';
import { currentLanguage } from '../../i18n';
import { EmptyTableRow } from '../../components/EmptyTableRow';

export function AuditTable({ rows }: { rows: readonly AuditEntry[] }) {
  const { t } = useTranslation();
  const format = new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'short', timeStyle: 'medium' });
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="xs" highlightOnHover data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('audit.at')}</Table.Th>
            <Table.Th>{t('audit.user')}</Table.Th>
            <Table.Th>{t('audit.action')}</Table.Th>
            <Table.Th>{t('audit.target')}</Table.Th>
            <Table.Th>{t('audit.detail')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && <EmptyTableRow colSpan={5}>{t('audit.empty')}</EmptyTableRow>}
          {rows.map((row) => (
            <Table.Tr key={row.id} data-testid="audit-row" data-action={row.action}>
              <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                {format.format(new Date(row.at))}
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {row.username}
                </Text>
                <Text size="xs" c="dimmed">
                  {row.role}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" size="sm" tt="none">
                  {row.action}
                </Badge>
              </Table.Td>
              <Table.Td>
                {/* The name the target had when the change happened; its kind and id below. */}
                <Text size="sm" fw={500} data-testid="audit-target">
                  {row.targetName ?? row.target ?? '—'}
                </Text>
                {(row.targetKind || (row.targetName && row.target)) && (
                  <Text size="xs" c="dimmed" ff="monospace">
                    {[row.targetKind, row.targetName ? row.target : null].filter(Boolean).join(' · ')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={2} title={row.detail ?? undefined} style={{ overflowWrap: 'anywhere' }}>
                  {row.detail ?? '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
