import type { ConversationMessage } from '@switchboard/protocol';

/** Messages in the order they happened; equal times keep the server's order. */
export function inOrder(messages: readonly ConversationMessage[]): ConversationMessage[] {
  return messages
    .map((message, index) => ({ message, index }))
    .sort((a, b) => a.message.createdAt - b.message.createdAt || a.index - b.index)
    .map(({ message }) => message);
}
