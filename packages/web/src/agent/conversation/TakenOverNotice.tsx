import { useState } from 'react';
import { Alert, Button, CopyButton, Group, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { loadDraft } from '../../shared/composer/drafts';
import { formatMessageTime } from '../../shared/format';
import type { Takeover } from '../live/takeovers';

interface Props {
  interactionId: string;
  userId: string;
  /** null when the conversation is simply no longer the agent's (reloaded after a take-over, or reassigned) */
  takeover: Takeover | null;
  now: number;
}

/**
 * Why the agent can no longer write here, said plainly instead of the server's 403/404: who took the
 * conversation over and when, and what they had typed, read-only so it can be copied elsewhere.
 */
export function TakenOverNotice({ interactionId, userId, takeover, now }: Props) {
  const { t, i18n } = useTranslation();
  // Read once: pruning removes the stored draft as soon as the inbox no longer lists the conversation.
  const [draft] = useState(() => loadDraft(userId, interactionId));
  return (
    <Stack gap="xs" data-testid="taken-over">
      <Alert color="orange" variant="light" data-testid="taken-over-notice">
        {takeover
          ? t('agent.conversation.takenOver', {
              name: takeover.by,
              time: formatMessageTime(takeover.at, now, i18n.language),
            })
          : t('agent.conversation.notYours')}
      </Alert>
      {draft && (
        <>
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" c="dimmed">
              {t('agent.conversation.draftKept')}
            </Text>
            <CopyButton value={draft}>
              {({ copied, copy }) => (
                <Button size="compact-xs" variant="light" onClick={copy} data-testid="copy-draft">
                  {copied ? t('agent.conversation.copied') : t('agent.conversation.copyDraft')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Textarea
            readOnly
            value={draft}
            autosize
            minRows={2}
            maxRows={6}
            aria-label={t('agent.conversation.draftKept')}
            data-testid="draft-readonly"
          />
        </>
      )}
    </Stack>
  );
}
