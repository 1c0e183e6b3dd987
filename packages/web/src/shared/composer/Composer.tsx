import { useEffect, useRef, useState } from 'react';
import { ActionIcon, Alert, Button, Group, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_TYPES, type CannedResponse, type SendMessageBody } from '@switchboard/protocol';
import { ApiError } from '../../api/client';
import { PaperclipIcon } from '../icons';
import { AttachmentChips } from './AttachmentChips';
import { CannedMenu } from './CannedMenu';
import { loadDraft, saveDraft } from './drafts';
import { EmojiButton } from './EmojiButton';
import { fillVariables, type TemplateVariables } from './fill-variables';
import { SlashTextarea } from './SlashTextarea';
import { TemplatePicker } from './TemplatePicker';
import { useNow } from '../use-now';
import { useAttachments } from './use-attachments';
import { useEditableText } from './use-editable-text';

/** How the page sends: the agent's inbox and the supervisor's take-over each keep their own cache up to date. */
export interface ComposerSend {
  mutateAsync: (body: SendMessageBody) => Promise<unknown>;
  isPending: boolean;
}

interface Props {
  interactionId: string;
  send: ComposerSend;
  /** whose draft this is: drafts are kept per user and conversation */
  userId: string;
  canned: readonly CannedResponse[];
  vars: TemplateVariables;
  /** the WhatsApp 24-hour window, as the server last said */
  windowOpen: boolean;
  /** when it closes (null: no closing time, e.g. a channel without the rule), so it closes on screen too */
  windowClosesAt?: number | null;
}

/** Writes to the customer: text with emoji, canned responses and attachments, or a template once the window closed. */
export function Composer({ interactionId, send, userId, canned, vars, windowOpen, windowClosesAt = null }: Props) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const open = windowOpen && (windowClosesAt === null || now < windowClosesAt);
  const text = useEditableText(() => loadDraft(userId, interactionId));
  const attachments = useAttachments();
  const fileInput = useRef<HTMLInputElement>(null);
  // Why the last send failed; what was typed stays in the composer for Retry.
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => saveDraft(userId, interactionId, text.value), [userId, interactionId, text.value]);

  const post = async (body: SendMessageBody): Promise<boolean> => {
    setFailure(null);
    try {
      await send.mutateAsync(body);
      return true;
    } catch (error) {
      // The window can close while the agent types; the refetched detail then shows the template form.
      if (error instanceof ApiError && error.code === 'outside_24h_window') {
        notifications.show({ color: 'yellow', message: t('agent.composer.windowClosed'), autoClose: 8000 });
      } else {
        // fetch rejects with a TypeError when the server cannot be reached; the server's message otherwise.
        const reason = error instanceof ApiError ? error.message : t('agent.composer.failedNetwork');
        setFailure(reason);
      }
      return false;
    }
  };

  const submit = async () => {
    if (send.isPending || attachments.uploading) return;
    const typed = text.value.trim();
    const ids = attachments.readyIds;
    if (!typed && ids.length === 0) return;
    const body: SendMessageBody =
      ids.length > 0 ? { attachmentIds: ids, ...(typed ? { text: typed } : {}) } : { text: typed };
    if (await post(body)) {
      // Clears the draft too. Anything typed while the message was on its way is kept.
      if (text.current().trim() === typed) text.clear();
      attachments.clear();
    }
  };

  const insertCanned = (response: CannedResponse, start?: number, end?: number) => {
    const filled = fillVariables(response.text, vars);
    if (start !== undefined && end !== undefined) text.replace(start, end, filled);
    else text.insertAtSelection(filled);
  };

  if (!open) {
    return (
      <Stack gap="xs" data-testid="composer" data-window="closed">
        <Alert color="yellow" variant="light" data-testid="window-closed">
          {t('agent.composer.windowClosed')}
        </Alert>
        <Textarea
          disabled
          value=""
          aria-label={t('agent.composer.label')}
          placeholder={t('agent.composer.windowClosed')}
          minRows={1}
          autosize
          data-testid="composer-input"
        />
        <TemplatePicker
          interactionId={interactionId}
          sending={send.isPending}
          onSend={(template) => post({ template })}
        />
      </Stack>
    );
  }

  const canSend =
    !send.isPending && !attachments.uploading && (text.value.trim() !== '' || attachments.readyIds.length > 0);

  return (
    <Stack gap={6} data-testid="composer" data-window="open">
      {attachments.problem && (
        <Alert
          color="red"
          variant="light"
          withCloseButton
          onClose={attachments.dismissProblem}
          data-testid="attach-error"
          py={6}
        >
          {attachments.problem}
        </Alert>
      )}
      {failure !== null && (
        <Alert
          color="red"
          variant="light"
          withCloseButton
          onClose={() => setFailure(null)}
          data-testid="send-failed"
          py={6}
        >
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <span>{t('agent.composer.failed', { reason: failure })}</span>
            <Button
              size="compact-xs"
              variant="light"
              color="red"
              onClick={() => void submit()}
              disabled={!canSend}
              data-testid="send-retry"
            >
              {t('agent.composer.retry')}
            </Button>
          </Group>
        </Alert>
      )}
      <AttachmentChips items={attachments.items} onRemove={attachments.remove} />
      <SlashTextarea
        textareaRef={text.ref}
        value={text.value}
        caret={text.caret}
        canned={canned}
        label={t('agent.composer.label')}
        placeholder={t('agent.composer.placeholder')}
        onInput={text.onInput}
        onCaret={text.onCaret}
        onPickCanned={insertCanned}
        onSubmit={() => void submit()}
      />
      <Group justify="space-between" wrap="nowrap">
        <Group gap={2} wrap="nowrap">
          <EmojiButton onPick={text.insertAtSelection} />
          <CannedMenu canned={canned} onPick={(response) => insertCanned(response)} />
          <ActionIcon
            variant="subtle"
            size="lg"
            aria-label={t('agent.composer.attach')}
            data-testid="attach-button"
            onClick={() => fileInput.current?.click()}
          >
            <PaperclipIcon size={20} />
          </ActionIcon>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            accept={ATTACHMENT_TYPES.join(',')}
            data-testid="attach-input"
            onChange={(e) => {
              const files = Array.from(e.currentTarget.files ?? []);
              // Cleared so that choosing the same file again still fires a change.
              e.currentTarget.value = '';
              void attachments.add(files);
            }}
          />
        </Group>
        <Button onClick={() => void submit()} disabled={!canSend} loading={send.isPending} data-testid="send-button">
          {t('agent.composer.send')}
        </Button>
      </Group>
    </Stack>
  );
}
