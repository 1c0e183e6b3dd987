import { Alert, Badge, Divider, Loader, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EarlierConversation, InteractionSummary } from '@switchboard/protocol';
import { currentLanguage } from '../../i18n';
import { formatDateTime, formatDuration } from '../format';
import { useNow } from '../use-now';
import { contactTimes } from './contact-times';

const CHANNELS = ['whatsapp', 'facebook', 'twitter'] as const;
const isChannel = (value: string | undefined): value is (typeof CHANNELS)[number] =>
  value !== undefined && (CHANNELS as readonly string[]).includes(value);

interface Props {
  interaction: InteractionSummary;
  earlier: {
    data?: readonly EarlierConversation[] | undefined;
    isPending: boolean;
    error: Error | null;
  };
}

function Field({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} data-testid={testId} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    </div>
  );
}

/** Who the customer is, how long they waited and have been served (ticking), and what happened with them before. */
export function ContactPanel({ interaction, earlier }: Props) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const times = contactTimes(interaction, now);
  const language = currentLanguage();
  const channel = interaction.channel;
  return (
    <Paper withBorder radius="md" h="100%" style={{ minHeight: 0, overflow: 'hidden' }} data-testid="contact-panel">
      <ScrollArea h="100%" type="auto">
        <Stack gap="xs" p="sm">
          <Text fw={700} size="sm">
            {t('agent.contact.title')}
          </Text>
          <Field
            label={t('agent.contact.name')}
            value={interaction.customerName?.trim() || '—'}
            testId="contact-name"
          />
          <Field label={t('agent.contact.number')} value={interaction.customerNumber} testId="contact-number" />
          <Field
            label={t('agent.contact.channel')}
            value={isChannel(channel) ? t(`agent.contact.channels.${channel}`) : (channel ?? '—')}
            testId="contact-channel"
          />
          <Field
            label={t('agent.contact.campaign')}
            value={interaction.campaignName ?? '—'}
            testId="contact-campaign"
          />
          <Field label={t('agent.contact.waiting')} value={formatDuration(times.waiting)} testId="contact-waiting" />
          <Field
            label={t('agent.contact.handling')}
            value={times.handling === null ? t('agent.contact.notYet') : formatDuration(times.handling)}
            testId="contact-handling"
          />
          <Divider />
          <Text fw={700} size="sm">
            {t('agent.contact.earlier')}
          </Text>
          {earlier.isPending && <Loader size="xs" />}
          {earlier.error && (
            <Alert color="red" p="xs">
              {earlier.error.message}
            </Alert>
          )}
          {earlier.data?.length === 0 && (
            <Text size="xs" c="dimmed">
              {t('agent.contact.noEarlier')}
            </Text>
          )}
          {earlier.data?.map((item) => (
            <div key={item.id} data-testid="contact-earlier" data-interaction-id={item.id}>
              <Text size="xs" fw={600}>
                {formatDateTime(item.createdAt, language)}
              </Text>
              <Text size="xs" c="dimmed">
                {item.campaignName ?? '—'}
                {item.agentNames.length > 0 ? ` · ${item.agentNames.join(', ')}` : ''}
              </Text>
              {item.disposition && item.disposition.length > 0 ? (
                <Badge size="xs" variant="light" color="blue" data-testid="contact-disposition">
                  {item.disposition.join(' › ')}
                </Badge>
              ) : (
                <Text size="xs" c="dimmed" fs="italic">
                  {t('agent.contact.noDisposition')}
                </Text>
              )}
            </div>
          ))}
        </Stack>
      </ScrollArea>
    </Paper>
  );
}
