import { useEffect, useState } from 'react';
import { ActionIcon, Group, NumberInput, Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Member } from '@switchboard/protocol';
import { useReorderMembers, useUpdateMember } from '../../api/members';
import { notifyError, notifySaved } from '../../forms/notify';
import { moveItem } from './membership';

/** Penalty and order of one campaign's members (order drives linear and rrmemory, penalty wrandom). */
export function MemberOrderTable({ campaignId, members }: { campaignId: string; members: Member[] }) {
  const { t } = useTranslation();
  const ordered = [...members].sort((a, b) => a.position - b.position);
  const update = useUpdateMember(campaignId);
  const reorder = useReorderMembers(campaignId);
  const [penalties, setPenalties] = useState<Record<string, number | string>>({});
  const [dragged, setDragged] = useState<number | null>(null);

  useEffect(() => setPenalties({}), [members]);

  const savePenalty = async (m: Member) => {
    const raw = penalties[m.agentId];
    if (raw === undefined) return;
    const penalty = Math.max(0, Math.min(100, Math.trunc(Number(raw))));
    if (!Number.isFinite(penalty) || penalty === m.penalty) return;
    try {
      await update.mutateAsync({ agentId: m.agentId, body: { penalty } });
      notifySaved(t('members.penaltySaved', { name: m.displayName, penalty }));
    } catch (error) {
      notifyError(error);
    }
  };

  const move = (from: number, to: number) => {
    if (from === to || to < 0 || to >= ordered.length) return;
    const agentIds = moveItem(ordered, from, to).map((m) => m.agentId);
    reorder.mutate({ agentIds }, { onError: (error) => notifyError(error) });
  };

  if (ordered.length === 0) return null;

  return (
    <Paper withBorder p="md" data-testid="member-order">
      <Title order={4}>{t('members.orderTitle')}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('members.orderHint')}
      </Text>
      <Table verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={60}>{t('members.position')}</Table.Th>
            <Table.Th>{t('members.agent')}</Table.Th>
            <Table.Th w={160}>{t('members.penalty')}</Table.Th>
            <Table.Th w={110}>{t('members.order')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ordered.map((m, i) => (
            <Table.Tr
              key={m.agentId}
              draggable
              onDragStart={() => setDragged(i)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={() => {
                if (dragged !== null) move(dragged, i);
                setDragged(null);
              }}
              style={{ cursor: 'grab', opacity: dragged === i ? 0.5 : 1 }}
              data-testid={`member-row-${m.agentId}`}
            >
              <Table.Td>{i + 1}</Table.Td>
              <Table.Td>
                {m.displayName}{' '}
                <Text span c="dimmed" size="sm">
                  ({m.username})
                </Text>
              </Table.Td>
              <Table.Td>
                <NumberInput
                  aria-label={t('members.penalty')}
                  min={0}
                  max={100}
                  clampBehavior="strict"
                  allowDecimal={false}
                  allowNegative={false}
                  size="xs"
                  value={penalties[m.agentId] ?? m.penalty}
                  onChange={(v) => setPenalties((p) => ({ ...p, [m.agentId]: v }))}
                  onBlur={() => void savePenalty(m)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') void savePenalty(m);
                  }}
                  data-testid={`penalty-${m.agentId}`}
                />
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <ActionIcon
                    variant="default"
                    aria-label={`${t('members.moveUp')} ${m.displayName}`}
                    disabled={i === 0}
                    onClick={() => move(i, i - 1)}
                    data-testid={`move-up-${m.agentId}`}
                  >
                    ↑
                  </ActionIcon>
                  <ActionIcon
                    variant="default"
                    aria-label={`${t('members.moveDown')} ${m.displayName}`}
                    disabled={i === ordered.length - 1}
                    onClick={() => move(i, i + 1)}
                    data-testid={`move-down-${m.agentId}`}
                  >
                    ↓
                  </ActionIcon>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
