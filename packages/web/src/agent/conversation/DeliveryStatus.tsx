import type { ReactNode } from 'react';
import { Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConversationMessage } from '@switchboard/protocol';
import { CheckIcon, ClockIcon, DoubleCheckIcon, WarningIcon } from '../../shared/icons';

type Delivery = NonNullable<ConversationMessage['status']>;

const MARK: Record<Delivery, { icon: ReactNode; color: string }> = {
  pending: { icon: <ClockIcon size={13} />, color: 'dimmed' },
  sent: { icon: <CheckIcon size={14} />, color: 'dimmed' },
  delivered: { icon: <DoubleCheckIcon size={14} />, color: 'dimmed' },
  read: { icon: <DoubleCheckIcon size={14} />, color: 'blue.6' },
  failed: { icon: <WarningIcon size={14} />, color: 'red.7' },
};

/** WhatsApp-style ticks for an outbound message; a failure also says so in words, with the reason on hover. */
export function DeliveryStatus({ status, error }: { status: Delivery; error: string | null }) {
  const { t } = useTranslation();
  const mark = MARK[status];
  if (status === 'failed') {
    const reason = error ? t('agent.delivery.failedWith', { error }) : t('agent.delivery.failed');
    return (
      <Tooltip label={reason} withArrow multiline maw={280}>
        <Text
          component="span"
          size="xs"
          c={mark.color}
          fw={600}
          display="inline-flex"
          style={{ alignItems: 'center', gap: 4 }}
          data-testid="delivery-status"
          data-status={status}
          title={error ?? undefined}
          tabIndex={0}
        >
          {mark.icon} {t('agent.delivery.failed')}
        </Text>
      </Tooltip>
    );
  }
  return (
    <Text
      component="span"
      c={mark.color}
      display="inline-flex"
      data-testid="delivery-status"
      data-status={status}
      role="img"
      aria-label={t(`agent.delivery.${status}`)}
      title={t(`agent.delivery.${status}`)}
    >
      {mark.icon}
    </Text>
  );
}
