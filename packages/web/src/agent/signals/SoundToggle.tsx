import { useState } from 'react';
import { ActionIcon, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SpeakerIcon, SpeakerOffIcon } from '../../shared/icons';
import { isSoundMuted, setSoundMuted } from './sound';

/** Mutes or unmutes the new-work chime; the choice is remembered in this browser. */
export function SoundToggle() {
  const { t } = useTranslation();
  const [muted, setMuted] = useState(isSoundMuted);
  const label = muted ? t('agent.signals.soundOff') : t('agent.signals.soundOn');
  return (
    <Tooltip label={label}>
      <ActionIcon
        variant="subtle"
        color={muted ? 'gray' : 'blue'}
        aria-label={label}
        aria-pressed={muted}
        data-testid="sound-toggle"
        data-muted={muted}
        onClick={() => {
          setSoundMuted(!muted);
          setMuted(!muted);
        }}
      >
        {muted ? <SpeakerOffIcon /> : <SpeakerIcon />}
      </ActionIcon>
    </Tooltip>
  );
}
