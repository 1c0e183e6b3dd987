import { useState } from 'react';
import { Alert, Button, Grid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { MultiSelectField } from '../../forms/ComboboxFields';
import { useCampaigns } from '../../api/campaigns';
import { useChangeMembers, useMembersOf } from '../../api/members';
import { useUsers } from '../../api/users';
import { notifyError, notifySaved } from '../../forms/notify';
import { MemberOrderTable } from './MemberOrderTable';
import { splitMembership } from './membership';
import { PeopleList } from './PeopleList';

/** uContact's Members screen: add or remove agents in every selected campaign at once. */
export function MembersPage() {
  const { t } = useTranslation();
  const campaigns = useCampaigns();
  const agents = useUsers('agent');
  const [selected, setSelected] = useState<string[]>([]);
  const [checkedOthers, setCheckedOthers] = useState<string[]>([]);
  const [checkedMembers, setCheckedMembers] = useState<string[]>([]);
  const memberQueries = useMembersOf(selected);
  const change = useChangeMembers();

  const loaded = memberQueries.every((q) => q.isSuccess);
  const lists = memberQueries.map((q) => q.data ?? []);
  const { members, others } = splitMembership(agents.data ?? [], loaded ? lists : []);
  const failed = memberQueries.find((q) => q.error)?.error ?? agents.error;

  const apply = async (kind: 'add' | 'remove') => {
    const ids = kind === 'add' ? checkedOthers : checkedMembers;
    try {
      await change.mutateAsync({ campaignIds: selected, [kind]: ids });
      notifySaved(t(kind === 'add' ? 'members.added' : 'members.removed', { count: ids.length }));
      if (kind === 'add') setCheckedOthers([]);
      else setCheckedMembers([]);
    } catch (error) {
      notifyError(error);
    }
  };

  const single = selected.length === 1 && loaded ? selected[0] : undefined;

  return (
    <Stack>
      <Title order={2}>{t('members.title')}</Title>
      <MultiSelectField
        label={t('members.campaigns')}
        description={t('members.campaignsHint')}
        data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        value={selected}
        onChange={(ids) => {
          setSelected(ids);
          setCheckedMembers([]);
          setCheckedOthers([]);
        }}
        searchable
        clearable
        maw={640}
      />
      {failed && <Alert color="red">{failed.message}</Alert>}
      {selected.length === 0 ? (
        <Text c="dimmed">{t('members.pickCampaign')}</Text>
      ) : (
        <Grid align="stretch">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <PeopleList
              title={selected.length === 1 ? t('members.notMembersOfOne') : t('members.notMembers')}
              people={loaded ? others : []}
              selectedCampaigns={selected.length}
              checked={checkedOthers}
              onChecked={setCheckedOthers}
              testId="available"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 2 }}>
            <Stack justify="center" h="100%" gap="sm">
              <Button
                onClick={() => void apply('add')}
                disabled={checkedOthers.length === 0}
                loading={change.isPending}
                data-testid="add-members"
              >
                {t('members.add')} →
              </Button>
              <Button
                variant="light"
                color="red"
                onClick={() => void apply('remove')}
                disabled={checkedMembers.length === 0}
                loading={change.isPending}
                data-testid="remove-members"
              >
                ← {t('members.remove')}
              </Button>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <PeopleList
              title={selected.length === 1 ? t('members.membersOfOne') : t('members.membersOfAll')}
              people={loaded ? members : []}
              selectedCampaigns={selected.length}
              checked={checkedMembers}
              onChecked={setCheckedMembers}
              testId="members"
            />
          </Grid.Col>
        </Grid>
      )}
      {single && <MemberOrderTable campaignId={single} members={lists[0] ?? []} />}
    </Stack>
  );
}
