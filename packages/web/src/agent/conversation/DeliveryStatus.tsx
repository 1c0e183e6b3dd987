import { Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConversationMessage } from '@switchboard/protocol';

type Delivery = NonNullable<ConversationMessage['status']>;

const MARK: Record<Delivery, { glyph: string; color: string }> = {
  pending: { glyph: '🕓', color: 'dimmed' },
  sent: { glyph: '✓', color: 'dimmed' },
  delivered: { glyph: '✓✓', color: 'dimmed' },
  read: { glyph: '✓✓', color: 'blue.6' },
  failed: { glyph: '⚠', color: 'red.7' },
};

/** WhatsApp-style ticks for an outbound message; a failure also says so in words, with the reason on hover. */
export function DeliveryStatus({ status, error }: { status: Delivery; error: string | null }) {
  const { t } = useTranslation();
  const mark = MARK[status];
  if (status === 'failed') {
    return (
      <Tooltip label={error ? t('agent.delivery.failedWith', { error }) : t('agent.delivery.failed')} withArrow multiline maw={280}>
        <Text
          component="span"
          size="xs"
          c={mark.color}
          fw={600}
          data-testid="delivery-status"
          data-status={status}
          title={error ?? undefined}
          tabIndex={0}
        >
          {mark.glyph} {t('agent.delivery.failed')}
        </Text>
      </Tooltip>
    );
  }
  return (
    <Text
      component="span"
      size="xs"
      c={mark.color}
      fw={600}
      data-testid="delivery-status"
      data-status={status}
      aria-label={t(`agent.delivery.${status}`)}
      title={t(`agent.delivery.${status}`)}
      style={{ letterSpacing: status === 'sent' ? undefined : '-0.3em', paddingRight: status === 'sent' ? undefined : '0.3em' }}
    >
      {mark.glyph}
    </Text>
  );
}
