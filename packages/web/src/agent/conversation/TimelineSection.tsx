import { Button, Collapse, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { TimelineEvent } from '@switchboard/protocol';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../shared/format';

/** The router's explained decisions for this interaction, folded away until asked for. */
export function TimelineSection({ timeline }: { timeline: readonly TimelineEvent[] }) {
  const { t } = useTranslation();
  const [opened, { toggle }] = useDisclosure(false);
  if (timeline.length === 0) return null;
  return (
    <div>
      <Button variant="subtle" size="compact-xs" onClick={toggle} aria-expanded={opened} data-testid="timeline-toggle">
        {opened ? '▾' : '▸'} {t('agent.conversation.timeline', { count: timeline.length })}
      </Button>
      <Collapse expanded={opened}>
        <Stack gap={2} px="sm" pb="xs" mah={160} style={{ overflowY: 'auto' }} data-testid="timeline">
          {timeline.map((event, i) => (
            <Text key={`${event.at}-${i}`} size="xs" c="dimmed">
              <Text span ff="monospace" size="xs">
                {formatDateTime(event.at, currentLanguage())}
              </Text>{' '}
              <Text span fw={600} size="xs">
                {event.type}
              </Text>
              {event.text ? ` — ${event.text}` : ''}
            </Text>
          ))}
        </Stack>
      </Collapse>
    </div>
  );
}
