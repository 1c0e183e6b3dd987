import { useLayoutEffect, useRef, useState } from 'react';
import { spliceText } from './canned-match';

/**
 * The composer's text with its caret. Insertions from the emoji picker, the canned list or a
 * /shortcut go where the caret was (a textarea keeps its selection while another control has focus),
 * and the caret lands right after what was inserted.
 */
export function useEditableText(initial: () => string = () => '') {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [value, setValue] = useState(initial);
  const [caret, setCaret] = useState(() => value.length);
  const pendingCaret = useRef<number | null>(null);
  // For code that awaits (a send): the text as it is now, not as it was when the await began.
  const latest = useRef(value);
  latest.current = value;

  useLayoutEffect(() => {
    const el = ref.current;
    const at = pendingCaret.current;
    if (!el || at === null) return;
    pendingCaret.current = null;
    el.focus();
    el.setSelectionRange(at, at);
  }, [value]);

  const replace = (start: number, end: number, insert: string) => {
    const next = spliceText(value, start, end, insert);
    pendingCaret.current = next.caret;
    setValue(next.text);
    setCaret(next.caret);
  };

  return {
    ref,
    value,
    caret,
    /** from the textarea's own events */
    onInput: (text: string, at: number) => {
      setValue(text);
      setCaret(at);
    },
    onCaret: setCaret,
    replace,
    insertAtSelection: (insert: string) => {
      const el = ref.current;
      const start = el ? el.selectionStart : value.length;
      const end = el ? el.selectionEnd : value.length;
      replace(start, end, insert);
    },
    current: () => latest.current,
    clear: () => {
      setValue('');
      setCaret(0);
    },
  };
}
