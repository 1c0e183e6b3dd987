import { useState } from 'react';
import { Button, Group, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySaved } from '../../forms/notify';
import { useWhisper } from '../api/supervision-api';

/** A note only the owning agent sees; it never reaches the customer. */
export function WhisperBox({ interactionId, disabled }: { interactionId: string; disabled: boolean }) {
  const { t } = useTranslation();
  const whisper = useWhisper(interactionId);
  const [text, setText] = useState('');
  const trimmed = text.trim();

  const send = async () => {
    if (!trimmed) return;
    try {
      await whisper.mutateAsync(trimmed);
      setText('');
      notifySaved(t('supervisor.live.whisperSent'));
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Group align="flex-end" gap="xs" wrap="nowrap">
      <Textarea
        style={{ flex: 1 }}
        label={t('supervisor.live.whisperLabel')}
        description={t('supervisor.live.whisperHint')}
        placeholder={t('supervisor.live.whisperPlaceholder')}
        autosize
        minRows={1}
        maxRows={4}
        maxLength={2000}
        value={text}
        disabled={disabled}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            void send();
          }
        }}
        data-testid="whisper-input"
      />
      <Button
        color="yellow"
        variant="light"
        onClick={() => void send()}
        disabled={disabled || !trimmed}
        loading={whisper.isPending}
        data-testid="whisper-send"
      >
        {t('supervisor.live.whisperSend')}
      </Button>
    </Group>
  );
}
