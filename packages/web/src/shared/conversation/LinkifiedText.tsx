import { Anchor } from '@mantine/core';
import { Fragment } from 'react';
import { linkify } from './linkify';

/** Message text with its web and mail addresses clickable; React escapes everything else as text. */
export function LinkifiedText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((part, i) =>
        part.kind === 'link' ? (
          <Anchor
            key={i}
            href={part.href}
            target="_blank"
            rel="noopener noreferrer"
            inherit
            underline="always"
            data-testid="message-link"
          >
            {part.text}
          </Anchor>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}
