import { useState } from 'react';
import { Alert, Box, Center, Divider, Drawer, Loader, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgentCampaign, InteractionDetail } from '@switchboard/protocol';
import { ApiError } from '../../api/client';
import { useEarlier, useInteraction, useSendMessage } from '../api/agent-api';
import { Composer } from '../../shared/composer/Composer';
import { CloseDialog } from '../../shared/dialogs/CloseDialog';
import { EarlierDialog } from '../dialogs/EarlierDialog';
import { TransferDialog } from '../dialogs/TransferDialog';
import { useTakeover, type TakeoverStore } from '../live/takeovers';
import { useWhispers, type WhisperStore } from '../live/whispers';
import { useNow } from '../../shared/use-now';
import { ContactPanel } from '../../shared/conversation/ContactPanel';
import { ConversationHeader } from './ConversationHeader';
import { MessageList } from './MessageList';
import { TakenOverNotice } from './TakenOverNotice';
import { TimelineSection } from './TimelineSection';

interface Props {
  interactionId: string;
  me: { id: string; displayName: string };
  campaigns: readonly AgentCampaign[];
  whispers: WhisperStore;
  takeovers: TakeoverStore;
  onClosed: () => void;
  /** Set on a phone, where the conversation replaces the lists: the way back to them. */
  onBack?: () => void;
}

type Dialog = 'close' | 'transfer' | 'earlier' | null;

/** Why the agent cannot write here, or null when they can. */
function blockedReason(detail: InteractionDetail, myId: string): 'closed' | 'acceptFirst' | 'readOnly' | null {
  const i = detail.interaction;
  if (i.status === 'closed') return 'closed';
  if (i.pendingTransferTo === myId || (i.status === 'offered' && i.ownerAgentId === myId)) return 'acceptFirst';
  if (i.status !== 'active' || i.ownerAgentId !== myId) return 'readOnly';
  return null;
}

/** The server answers 403/404 for a conversation the agent may no longer read: not an error to show them. */
const noLongerMine = (error: unknown) => error instanceof ApiError && (error.status === 403 || error.status === 404);

export function ConversationPane({ interactionId, me, campaigns, whispers, takeovers, onClosed, onBack }: Props) {
  const { t } = useTranslation();
  const narrow = onBack !== undefined;
  // Beside the conversation on a wide screen; folded away on a phone until asked for (then as a drawer).
  const [contactShown, setContactShown] = useState(!narrow);
  const query = useInteraction(interactionId);
  const live = useWhispers(whispers, interactionId);
  const takeover = useTakeover(takeovers, interactionId);
  const now = useNow(30_000);
  const [dialog, setDialog] = useState<Dialog>(null);
  const send = useSendMessage(interactionId);
  const hasEarlier = (query.data?.earlierCount ?? 0) > 0;
  const earlier = useEarlier(interactionId, hasEarlier && !takeover);

  if (takeover || (query.error && noLongerMine(query.error))) {
    // What was on screen stays readable (from the cache); nothing here asks the server again.
    return (
      <Paper
        withBorder
        radius="md"
        h="100%"
        style={{ display: 'flex', flexDirection: 'column', overflow: 'hidden' }}
        data-testid="conversation-pane"
      >
        {query.data && (
          <Box bg="gray.0" style={{ flex: 1, minHeight: 0 }}>
            <MessageList messages={query.data.messages} whispers={live} myId={me.id} now={now} />
          </Box>
        )}
        <Divider />
        <Box p="sm">
          <TakenOverNotice interactionId={interactionId} userId={me.id} takeover={takeover} now={now} />
        </Box>
      </Paper>
    );
  }

  if (query.isPending) {
    return (
      <Center h="100%">
        <Loader />
      </Center>
    );
  }
  if (query.error || !query.data) {
    return (
      <Alert color="red" m="md" data-testid="conversation-error">
        {t('agent.conversation.notFound')} {query.error?.message}
      </Alert>
    );
  }

  const detail = query.data;
  const interaction = detail.interaction;
  const campaign = campaigns.find((c) => c.id === interaction.campaignId);
  const blocked = blockedReason(detail, me.id);
  const vars = {
    'customer.name': interaction.customerName,
    'customer.number': interaction.customerNumber,
    'agent.name': me.displayName,
    'campaign.name': interaction.campaignName ?? campaign?.name ?? null,
  };

  const contactPanel = (
    <ContactPanel
      interaction={interaction}
      earlier={hasEarlier ? earlier : { data: [], isPending: false, error: null }}
    />
  );

  return (
    <Box h="100%" style={{ display: 'flex', gap: 'var(--mantine-spacing-sm)', minHeight: 0 }}>
      <Paper
        withBorder
        radius="md"
        h="100%"
        style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', overflow: 'hidden' }}
      >
        <ConversationHeader
          interaction={interaction}
          earlierCount={detail.earlierCount}
          canAct={blocked === null}
          onTransfer={() => setDialog('transfer')}
          onClose={() => setDialog('close')}
          onEarlier={() => setDialog('earlier')}
          onBack={onBack}
          contactShown={contactShown}
          onToggleContact={() => setContactShown((shown) => !shown)}
        />
        <TimelineSection
          timeline={detail.timeline}
          known={{
            agent: (id) => (id === me.id ? me.displayName : undefined),
            campaign: (id) => campaigns.find((c) => c.id === id)?.name,
          }}
        />
        <Divider />
        <Box bg="gray.0" style={{ flex: 1, minHeight: 0 }}>
          <MessageList messages={detail.messages} whispers={live} myId={me.id} now={now} />
        </Box>
        <Divider />
        <Box p="sm">
          {blocked ? (
            <Text size="sm" c="dimmed" ta="center" data-testid="composer-blocked">
              {t(`agent.conversation.${blocked}`)}
            </Text>
          ) : (
            <Composer
              key={interaction.id}
              interactionId={interaction.id}
              send={send}
              userId={me.id}
              canned={campaign?.cannedResponses ?? []}
              vars={vars}
              windowOpen={detail.window.open}
              windowClosesAt={detail.window.closesAt}
            />
          )}
        </Box>
        <CloseDialog
          interactionId={interaction.id}
          dispositions={campaign?.dispositions ?? []}
          opened={dialog === 'close'}
          onClose={() => setDialog(null)}
          onClosed={onClosed}
        />
        <TransferDialog
          interactionId={interaction.id}
          currentCampaignId={interaction.campaignId}
          myId={me.id}
          campaigns={campaigns}
          opened={dialog === 'transfer'}
          onClose={() => setDialog(null)}
        />
        <EarlierDialog
          interactionId={interaction.id}
          myId={me.id}
          opened={dialog === 'earlier'}
          onClose={() => setDialog(null)}
        />
      </Paper>
      {narrow ? (
        <Drawer
          opened={contactShown}
          onClose={() => setContactShown(false)}
          position="right"
          size="85%"
          title={t('agent.conversation.contactTitle')}
        >
          {contactPanel}
        </Drawer>
      ) : (
        contactShown && (
          <Box w={240} style={{ flexShrink: 0, minHeight: 0 }}>
            {contactPanel}
          </Box>
        )
      )}
    </Box>
  );
}
