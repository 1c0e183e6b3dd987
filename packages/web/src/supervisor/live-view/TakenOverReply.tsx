import { useState } from 'react';
import { Button, Group, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useCampaign } from '../../api/campaigns';
import { CloseDialog } from '../../shared/dialogs/CloseDialog';
import { notifyError } from '../../forms/notify';
import { supervisorKeys } from '../api/keys';
import { useReply } from '../api/supervision-api';

/** Once taken over, the conversation is the supervisor's: a plain reply box and the agent's close dialog. */
export function TakenOverReply({ interactionId, campaignId }: { interactionId: string; campaignId: string | null }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const reply = useReply(interactionId);
  const campaign = useCampaign(campaignId);
  const [text, setText] = useState('');
  const [closing, { open, close }] = useDisclosure(false);
  const trimmed = text.trim();

  const send = async () => {
    if (!trimmed) return;
    try {
      await reply.mutateAsync(trimmed);
      setText('');
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Textarea
          style={{ flex: 1 }}
          label={t('supervisor.live.replyLabel')}
          autosize
          minRows={1}
          maxRows={4}
          maxLength={4096}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void send();
            }
          }}
          data-testid="reply-input"
        />
        <Button onClick={() => void send()} disabled={!trimmed} loading={reply.isPending} data-testid="reply-send">
          {t('supervisor.live.replySend')}
        </Button>
        <Button variant="default" onClick={open} data-testid="reply-close">
          {t('supervisor.live.closeConversation')}
        </Button>
      </Group>
      <CloseDialog
        interactionId={interactionId}
        dispositions={campaign.data?.dispositions ?? []}
        opened={closing}
        onClose={close}
        onClosed={() => void client.invalidateQueries({ queryKey: supervisorKeys.all })}
      />
    </>
  );
}
