import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Tabs, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { Campaign } from '@switchboard/protocol';
import { useSaveCampaign } from '../../api/campaigns';
import { ApiError, messageForField } from '../../api/client';
import { notifyError, notifySaved } from '../../forms/notify';
import { BasicSection } from './BasicSection';
import { CannedResponsesSection } from './CannedResponsesSection';
import { toCampaignBody, toFormValues, type CampaignFormValues } from './campaign-form';
import { validateCampaign } from './campaign-validation';
import { DeleteCampaignModal } from './DeleteCampaignModal';
import { DispositionTree } from './DispositionTree';
import { CAMPAIGN_TABS, campaignFieldTarget, fieldOfError, tabsWithErrors, type CampaignTab } from './field-errors';
import { LimitsSection } from './LimitsSection';
import { MessagesSection } from './MessagesSection';
import { ScheduleSection } from './ScheduleSection';

function focusFirstInvalid(): void {
  // After the tab switch has rendered, bring the offending input into view.
  setTimeout(() => {
    const input = document.querySelector<HTMLElement>('[data-testid="campaign-editor"] [aria-invalid="true"]');
    input?.scrollIntoView({ block: 'center' });
    input?.focus();
  }, 50);
}

export function CampaignEditor({ campaign }: { campaign: Campaign | null }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const save = useSaveCampaign();
  const [tab, setTab] = useState<CampaignTab>('basic');
  const [deleting, setDeleting] = useState(false);
  const form = useForm<CampaignFormValues>({ initialValues: toFormValues(campaign, i18n.language) });
  const errorTabs = tabsWithErrors(form.errors);

  const showErrors = (errors: Record<string, string>) => {
    const first = Object.keys(errors)[0];
    const target = first ? campaignFieldTarget(first) : null;
    form.setErrors(errors);
    if (target) setTab(target.tab);
    focusFirstInvalid();
  };

  const submit = form.onSubmit(async (values) => {
    const local = validateCampaign(values, { required: t('form.required'), shortcut: t('canned.shortcutRule') });
    if (Object.keys(local).length > 0) {
      showErrors(local as Record<string, string>);
      return;
    }
    try {
      const saved = await save.mutateAsync({ id: campaign?.id ?? null, body: toCampaignBody(values) });
      notifySaved(t('campaign.saved', { name: saved.name }));
      if (!campaign) {
        void navigate(`/admin/campaigns/${saved.id}`, { replace: true });
      } else {
        const next = toFormValues(saved);
        form.setInitialValues(next);
        form.setValues(next);
      }
    } catch (error) {
      const field = error instanceof ApiError ? fieldOfError(error.code, error.field) : undefined;
      const target = field ? campaignFieldTarget(field) : null;
      if (target && error instanceof ApiError) showErrors({ [target.path]: messageForField(error) });
      else notifyError(error);
    }
  });

  const tabLabel = (key: CampaignTab) => (
    <Group gap={6} wrap="nowrap">
      {t(`campaign.tabs.${key}`)}
      {errorTabs.has(key) && (
        <Badge color="red" size="xs" circle data-testid={`tab-error-${key}`}>
          !
        </Badge>
      )}
    </Group>
  );

  return (
    <form onSubmit={submit} noValidate data-testid="campaign-editor">
      <Stack>
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={2}>{campaign ? campaign.name : t('campaigns.new')}</Title>
            {campaign && (
              <Badge color={campaign.enabled ? 'green' : 'gray'} variant="light">
                {campaign.enabled ? t('campaigns.enabled') : t('campaigns.disabled')}
              </Badge>
            )}
          </Group>
          <Group gap="xs">
            <Button variant="default" component={Link} to="/admin/campaigns">
              {t('form.back')}
            </Button>
            {campaign && (
              <Button color="red" variant="light" onClick={() => setDeleting(true)} data-testid="delete-campaign">
                {t('form.delete')}
              </Button>
            )}
            <Button type="submit" loading={save.isPending} data-testid="save-campaign">
              {t('form.save')}
            </Button>
          </Group>
        </Group>
        <Paper withBorder p="md">
          <Tabs value={tab} onChange={(v) => v && setTab(v as CampaignTab)} keepMounted={false}>
            <Tabs.List mb="md">
              {CAMPAIGN_TABS.map((key) => (
                <Tabs.Tab key={key} value={key} data-testid={`tab-${key}`}>
                  {tabLabel(key)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Tabs.Panel value="basic">
              <BasicSection form={form} />
            </Tabs.Panel>
            <Tabs.Panel value="schedule">
              <ScheduleSection form={form} />
            </Tabs.Panel>
            <Tabs.Panel value="limits">
              <LimitsSection form={form} />
            </Tabs.Panel>
            <Tabs.Panel value="canned">
              <CannedResponsesSection form={form} />
            </Tabs.Panel>
            <Tabs.Panel value="dispositions">
              <DispositionTree
                value={form.values.dispositions}
                onChange={(tree) => form.setFieldValue('dispositions', tree)}
                errorOf={(path) => form.errors[path]}
              />
            </Tabs.Panel>
            <Tabs.Panel value="messages">
              <MessagesSection form={form} />
            </Tabs.Panel>
          </Tabs>
        </Paper>
      </Stack>
      {campaign && (
        <DeleteCampaignModal
          campaign={campaign}
          opened={deleting}
          onClose={() => setDeleting(false)}
          onDeleted={() => void navigate('/admin/campaigns')}
        />
      )}
    </form>
  );
}
