import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from '@switchboard/protocol';
import { currentLanguage } from '../../i18n';
import { EmptyTableRow } from '../../components/EmptyTableRow';

const KINDS = [
  'provider',
  'campaign',
  'member',
  'user',
  'interaction',
  'settings',
  'service_token',
  'webhook_endpoint',
] as const;
const isAction = (code: string): code is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(code);
const isKind = (kind: string): kind is (typeof KINDS)[number] => (KINDS as readonly string[]).includes(kind);

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
                {/* A sentence for people; the code stays visible for those who search logs by it. */}
                <Text size="sm" data-testid="audit-action-label">
                  {isAction(row.action) ? t(`audit.actions.${row.action}`) : row.action}
                </Text>
                <Badge variant="light" size="xs" tt="none" color="gray">
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
                    {[
                      row.targetKind && isKind(row.targetKind) ? t(`audit.kinds.${row.targetKind}`) : row.targetKind,
                      row.targetName ? row.target : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
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
