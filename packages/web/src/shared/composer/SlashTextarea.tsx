import { useState, type KeyboardEvent, type RefObject } from 'react';
import { Popover, ScrollArea, Text, Textarea, UnstyledButton } from '@mantine/core';
import { useId } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { CannedResponse } from '@switchboard/protocol';
import { matchCanned, slashTokenAt } from './canned-match';

interface Props {
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  value: string;
  caret: number;
  canned: readonly CannedResponse[];
  disabled?: boolean;
  label: string;
  placeholder?: string;
  onInput: (text: string, caret: number) => void;
  onCaret: (caret: number) => void;
  /** put the chosen response's (filled) text in place of [start, end) */
  onPickCanned: (response: CannedResponse, start: number, end: number) => void;
  onSubmit: () => void;
}

/**
 * The message textarea. Typing `/` and a shortcut lists the campaign's matching canned responses
 * above it; arrows move, Enter or Tab picks, Escape dismisses. Otherwise Enter sends and
 * Shift+Enter starts a new line.
 */
export function SlashTextarea(props: Props) {
  const { t } = useTranslation();
  const listId = useId();
  const token = props.disabled ? null : slashTokenAt(props.value, props.caret);
  const matches = token ? matchCanned(props.canned, token.query) : [];
  const tokenKey = token ? `${token.start}:${token.query}` : null;
  const matchKey = matches.map((m) => m.shortcut).join('|');
  const [dismissed, setDismissed] = useState<string | null>(null);
  // The highlighted option belongs to one list of matches; a new list starts again at the top.
  const [highlight, setHighlight] = useState({ key: '', index: 0 });
  const active = highlight.key === matchKey ? Math.min(highlight.index, matches.length - 1) : 0;
  const open = matches.length > 0 && tokenKey !== dismissed;

  const pick = (response: CannedResponse | undefined) => {
    if (!response || !token) return;
    props.onPickCanned(response, token.start, token.end);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setHighlight({ key: matchKey, index: (active + step + matches.length) % matches.length });
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        pick(matches[active]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissed(tokenKey);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      props.onSubmit();
    }
  };

  return (
    <Popover
      opened={open}
      position="top-start"
      width="target"
      withinPortal
      shadow="md"
      trapFocus={false}
      returnFocus={false}
    >
      <Popover.Target>
        <div style={{ flex: 1 }}>
          <Textarea
            ref={props.textareaRef}
            value={props.value}
            disabled={props.disabled}
            placeholder={props.placeholder}
            aria-label={props.label}
            autosize
            minRows={2}
            maxRows={8}
            maxLength={4096}
            data-testid="composer-input"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={open ? listId : undefined}
            aria-activedescendant={open ? `${listId}-${active}` : undefined}
            onChange={(e) => props.onInput(e.currentTarget.value, e.currentTarget.selectionStart)}
            onSelect={(e) => props.onCaret(e.currentTarget.selectionStart)}
            onKeyDown={onKeyDown}
          />
        </div>
      </Popover.Target>
      <Popover.Dropdown p={4} data-testid="canned-suggestions">
        <ScrollArea.Autosize mah={240} type="auto">
          <div role="listbox" id={listId} aria-label={t('agent.composer.canned')}>
            {matches.map((response, i) => (
              <UnstyledButton
                key={response.shortcut}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                data-testid="canned-option"
                data-shortcut={response.shortcut}
                display="block"
                w="100%"
                px="sm"
                py={6}
                bg={i === active ? 'blue.0' : undefined}
                style={{ borderRadius: 'var(--mantine-radius-sm)' }}
                tabIndex={-1}
                // Keeps focus (and the caret) in the textarea.
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setHighlight({ key: matchKey, index: i })}
                onClick={() => pick(response)}
              >
                <Text size="sm" fw={600}>
                  <Text span ff="monospace" size="sm" c="blue.7">
                    {response.shortcut}
                  </Text>{' '}
                  {response.title}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {response.text}
                </Text>
              </UnstyledButton>
            ))}
          </div>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
