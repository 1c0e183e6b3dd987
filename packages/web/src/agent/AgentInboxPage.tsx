import { useEffect, useState } from 'react';
import { Alert, Box, Button, Center, Loader, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import type { Inbox } from '@switchboard/protocol';
import { useMe } from '../api/auth';
import { notifyError } from '../forms/notify';
import { useInbox, useInteractionAction } from './api/agent-api';
import { ConversationPane } from './conversation/ConversationPane';
import { InboxHeader } from './header/InboxHeader';
import { pruneDrafts } from '../shared/composer/drafts';
import { ActiveList, type ActiveAction } from './lists/ActiveList';
import { PendingList } from './lists/PendingList';
import type { SocketLike } from '../shared/live/live-channel';
import { useLiveChannel } from './live/useLiveChannel';
import { TakeoverStore } from './live/takeovers';
import { WhisperStore } from './live/whispers';
import { useInboxSignals } from './signals/use-inbox-signals';
import { useTitleCounter } from './use-title-counter';

const MANUAL: ReadonlySet<string> = new Set(['ringall', 'ringallmultiple']);

function manualCampaigns(inbox: Inbox): ReadonlySet<string> {
  return new Set(inbox.campaigns.filter((c) => MANUAL.has(c.strategy)).map((c) => c.id));
}

/** The agent's work: status, Pending and Active on the left, the open conversation on the right. */
export function AgentInboxPage({ createSocket }: { createSocket?: (url: string) => SocketLike }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const inbox = useInbox();
  const [whispers] = useState(() => new WhisperStore());
  const [takeovers] = useState(() => new TakeoverStore());
  const live = useLiveChannel(whispers, createSocket, takeovers);
  const action = useInteractionAction();
  const navigate = useNavigate();
  const selectedId = useParams().interactionId ?? null;
  // Narrow screens show the lists or the conversation, not both squeezed side by side.
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  const signals = useInboxSignals({
    userId: me?.id ?? '',
    active: me ? inbox.data?.active : undefined,
    selectedId,
    onOpen: (id) => open(id),
  });
  // The tab title counts what wants the agent: unread customer messages plus people waiting in Pending.
  useTitleCounter(signals.total + (inbox.data?.pending.length ?? 0));

  // Drafts of conversations that left the inbox (closed, transferred, taken over) are forgotten; the open one is
  // kept while it is on screen, so a taken-over conversation still shows what was typed.
  const meId = me?.id;
  useEffect(() => {
    if (!meId || !inbox.data) return;
    const keep = new Set(inbox.data.active.map((i) => i.id));
    if (selectedId) keep.add(selectedId);
    pruneDrafts(meId, keep);
  }, [meId, inbox.data, selectedId]);

  const open = (id: string | null) => {
    void navigate(id ? `/agent/inbox/${encodeURIComponent(id)}` : '/agent/inbox');
  };

  const run = (id: string, kind: 'take' | ActiveAction) =>
    action.mutate(
      { id, action: kind },
      {
        // A refused take (already_taken, not_oldest, at_capacity…) explains itself in the server's message.
        onError: (error) => notifyError(error),
        onSuccess: () => {
          if (kind === 'decline') {
            if (selectedId === id) open(null);
          } else open(id);
        },
      },
    );

  if (!me || inbox.isPending) {
    return (
      <Center h="60vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (inbox.error) {
    return (
      <Alert color="red" title={t('agent.loadError')} data-testid="inbox-error">
        <Text size="sm" mb="sm">
          {inbox.error.message}
        </Text>
        <Button size="xs" variant="default" onClick={() => void inbox.refetch()}>
          {t('agent.retry')}
        </Button>
      </Alert>
    );
  }

  const data = inbox.data;
  const busyId = action.isPending ? action.variables.id : null;

  const lists = (
    <Paper withBorder radius="md" style={{ flex: 1, minHeight: 0, overflow: 'hidden' }}>
      <ScrollArea h="100%" type="auto">
        <Stack gap="lg" p="sm">
          <PendingList
            pending={data.pending}
            manualCampaignIds={manualCampaigns(data)}
            takingId={action.isPending && action.variables.action === 'take' ? action.variables.id : null}
            onTake={(id) => run(id, 'take')}
            me={data.me}
            active={data.active}
            campaigns={data.campaigns}
          />
          <ActiveList
            active={data.active}
            myId={me.id}
            unread={signals.unread}
            selectedId={selectedId}
            busyId={busyId}
            onSelect={(id) => open(id)}
            onAction={(id, kind) => run(id, kind)}
          />
        </Stack>
      </ScrollArea>
    </Paper>
  );
  const conversation = selectedId ? (
    <ConversationPane
      key={selectedId}
      interactionId={selectedId}
      me={me}
      campaigns={data.campaigns}
      whispers={whispers}
      takeovers={takeovers}
      onClosed={() => open(null)}
      {...(narrow ? { onBack: () => open(null) } : {})}
    />
  ) : (
    <Paper withBorder radius="md" h="100%">
      <Center h="100%">
        <Text c="dimmed">{t('agent.conversation.choose')}</Text>
      </Center>
    </Paper>
  );

  // A phone shows one thing at a time: the lists, or the open conversation (with a way back) using the whole
  // height for the messages and the composer.
  if (narrow) {
    return (
      <Stack gap="xs" h="calc(100dvh - var(--app-shell-header-height, 56px) - 2 * var(--app-shell-padding))">
        {selectedId ? (
          <Box style={{ flex: 1, minHeight: 0 }}>{conversation}</Box>
        ) : (
          <>
            <InboxHeader inbox={data} live={live} />
            <Box style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>{lists}</Box>
          </>
        )}
      </Stack>
    );
  }

  return (
    <Stack gap="sm" h="calc(100dvh - var(--app-shell-header-height, 56px) - 2 * var(--app-shell-padding))" mih={480}>
      <InboxHeader inbox={data} live={live} />
      <Box
        style={{
          flex: 1,
          minHeight: 0,
          display: 'grid',
          gridTemplateColumns: 'minmax(240px, 320px) minmax(0, 1fr)',
          gridTemplateRows: 'minmax(0, 1fr)',
          gap: 'var(--mantine-spacing-sm)',
        }}
      >
        {lists}
        <Box style={{ minHeight: 0 }}>{conversation}</Box>
      </Box>
    </Stack>
  );
}
