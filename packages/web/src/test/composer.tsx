import type { ComponentProps } from 'react';
import { useMutation } from '@tanstack/react-query';
import { routes, type SendMessageBody } from '@switchboard/protocol';
import { api } from '../api/client';
import { Composer } from '../shared/composer/Composer';

/** The composer wired to the real send route, as both pages wire it (without their cache updates). */
export function SendingComposer(props: Omit<ComponentProps<typeof Composer>, 'send'>) {
  const send = useMutation({
    mutationFn: (body: SendMessageBody) => api.call(routes.sendMessage, { params: { id: props.interactionId }, body }),
  });
  return <Composer {...props} send={send} />;
}
