import { Button, Group, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { InteractionDetail } from '@switchboard/protocol';
import { useCampaign } from '../../api/campaigns';
import { Composer } from '../../shared/composer/Composer';
import { CloseDialog } from '../../shared/dialogs/CloseDialog';
import { supervisorKeys } from '../api/keys';
import { useReply } from '../api/supervision-api';

interface Props {
  detail: InteractionDetail;
  me: { id: string; displayName: string };
}

/**
 * Once taken over, the conversation is the supervisor's: the agent's composer (canned responses, emoji,
 * attachments, templates once the window closed) and the agent's close dialog.
 */
export function TakenOverReply({ detail, me }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const interaction = detail.interaction;
  const reply = useReply(interaction.id);
  const campaign = useCampaign(interaction.campaignId);
  const [closing, { open, close }] = useDisclosure(false);
  const vars = {
    'customer.name': interaction.customerName,
    'customer.number': interaction.customerNumber,
    'agent.name': me.displayName,
    'campaign.name': interaction.campaignName ?? campaign.data?.name ?? null,
  };

  return (
    <Stack gap="xs" data-testid="takeover-composer">
      <Composer
        key={interaction.id}
        interactionId={interaction.id}
        send={reply}
        userId={me.id}
        canned={campaign.data?.cannedResponses ?? []}
        vars={vars}
        windowOpen={detail.window.open}
        windowClosesAt={detail.window.closesAt}
      />
      <Group justify="flex-end">
        <Button variant="default" size="xs" onClick={open} data-testid="reply-close">
          {t('supervisor.live.closeConversation')}
        </Button>
      </Group>
      <CloseDialog
        interactionId={interaction.id}
        dispositions={campaign.data?.dispositions ?? []}
        opened={closing}
        onClose={close}
        onClosed={() => void client.invalidateQueries({ queryKey: supervisorKeys.all })}
      />
    </Stack>
  );
}
