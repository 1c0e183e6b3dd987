import { lazy, Suspense, useState } from 'react';
import { ActionIcon, Loader, Popover } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EmojiData } from 'emoji-picker-react';
import { currentLanguage } from '../../i18n';
import { SmileIcon } from '../icons';

// The picker and its data are large; they load the first time the agent opens it.
const EmojiPicker = lazy(() => import('emoji-picker-react'));

type Loader = () => Promise<EmojiData | { default: EmojiData }>;
// Hoisted: the picker reloads its data whenever the loader's identity changes.
const DATA: Record<string, Loader> = {
  es: () => import('emoji-picker-react/data/emojis-es'),
  pt: () => import('emoji-picker-react/data/emojis-pt'),
};

export function EmojiButton({ disabled, onPick }: { disabled?: boolean; onPick: (emoji: string) => void }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const data = DATA[currentLanguage()];
  return (
    <Popover opened={opened} onChange={setOpened} position="top-start" withinPortal shadow="md" trapFocus={false}>
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          size="lg"
          disabled={disabled}
          aria-label={t('agent.composer.emoji')}
          data-testid="emoji-button"
          onClick={() => setOpened((o) => !o)}
        >
          <SmileIcon size={20} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown p={0} data-testid="emoji-picker">
        <Suspense fallback={<Loader m="md" size="sm" />}>
          <EmojiPicker
            emojiStyle="native"
            lazyLoadEmojis
            previewConfig={{ showPreview: false }}
            labels={{
              searchPlaceholder: t('agent.composer.emojiSearch'),
              searchLabel: t('agent.composer.emojiSearch'),
              searchResultsNone: t('agent.composer.emojiNone'),
            }}
            height={360}
            width={320}
            {...(data ? { emojiData: data } : {})}
            onEmojiClick={(emoji) => {
              onPick(emoji.emoji);
              setOpened(false);
            }}
          />
        </Suspense>
      </Popover.Dropdown>
    </Popover>
  );
}
