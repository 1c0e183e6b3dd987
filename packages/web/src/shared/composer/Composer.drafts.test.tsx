// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConversationMessage } from '@switchboard/protocol';
import { fakeFetch, renderWithProviders } from '../../test/render';
import { SendingComposer } from '../../test/composer';
import { loadDraft, pruneDrafts, saveDraft } from './drafts';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

const vars = { 'customer.name': 'Lucía', 'customer.number': '+59899', 'agent.name': 'Ana', 'campaign.name': 'Ventas' };
const sent = (text: string): ConversationMessage => ({
  id: 'm1',
  interactionId: 'i1',
  direction: 'out',
  author: 'agent',
  agentId: 'a1',
  authorName: 'Ana',
  kind: 'text',
  text,
  attachments: [],
  status: 'pending',
  error: null,
  createdAt: 1,
});

type Answer = { status: number; body?: unknown };

function setup(answers: Array<Answer | 'network'>, interactionId = 'i1', userId = 'a1') {
  const fake = fakeFetch({
    [`POST /api/interactions/${interactionId}/messages`]: (init) => {
      const next = answers.shift() ?? { status: 201, body: sent(JSON.parse(String(init?.body)).text) };
      if (next === 'network') throw new TypeError('Failed to fetch');
      return next;
    },
  });
  vi.stubGlobal('fetch', fake.fetch);
  const view = renderWithProviders(
    <SendingComposer
      key={interactionId}
      interactionId={interactionId}
      userId={userId}
      canned={[]}
      vars={vars}
      windowOpen
    />,
  );
  const input = () => screen.getByTestId('composer-input') as HTMLTextAreaElement;
  const posts = () => fake.calls.filter((c) => c.method === 'POST');
  return { view, input, posts };
}

const type = (input: HTMLTextAreaElement, value: string) => fireEvent.change(input, { target: { value } });

describe('Composer drafts', () => {
  it('keeps the text per conversation across switching and remounting (a reload)', () => {
    const first = setup([]);
    type(first.input(), 'Hola Lucía, te escribo por');
    first.view.unmount();

    const other = setup([], 'i2');
    expect(other.input().value).toBe('');
    type(other.input(), 'otra cosa');
    other.view.unmount();

    const back = setup([]);
    expect(back.input().value).toBe('Hola Lucía, te escribo por');
    expect(loadDraft('a1', 'i2')).toBe('otra cosa');
  });

  it('keeps drafts apart per user', () => {
    saveDraft('b1', 'i1', 'de Bruno');
    const { input } = setup([]);
    expect(input().value).toBe('');
  });

  it('clears the draft once the message is sent', async () => {
    const { input, posts } = setup([]);
    type(input(), 'listo');
    expect(loadDraft('a1', 'i1')).toBe('listo');
    fireEvent.click(screen.getByTestId('send-button'));
    await waitFor(() => expect(input().value).toBe(''));
    expect(posts()).toHaveLength(1);
    expect(loadDraft('a1', 'i1')).toBe('');
  });

  it('keeps what was typed while the message was on its way', async () => {
    const { input, posts } = setup([]);
    type(input(), 'primero');
    fireEvent.click(screen.getByTestId('send-button'));
    type(input(), 'segundo, escrito mientras se enviaba');
    await waitFor(() => expect(posts()).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('send-button').getAttribute('data-loading')).toBeNull());
    expect(input().value).toBe('segundo, escrito mientras se enviaba');
    expect(loadDraft('a1', 'i1')).toBe('segundo, escrito mientras se enviaba');
  });

  it('prunes the drafts of conversations the user no longer holds, and only theirs', () => {
    saveDraft('a1', 'i1', 'uno');
    saveDraft('a1', 'gone', 'dos');
    saveDraft('b1', 'gone', 'de Bruno');
    pruneDrafts('a1', new Set(['i1']));
    expect(loadDraft('a1', 'i1')).toBe('uno');
    expect(loadDraft('a1', 'gone')).toBe('');
    expect(loadDraft('b1', 'gone')).toBe('de Bruno');
  });
});

describe('Composer: a failed send', () => {
  it('keeps the text, says why, and Retry sends it again', async () => {
    const { input, posts } = setup([
      { status: 502, body: { error: 'provider_error', message: 'HeyNow did not answer' } },
    ]);
    type(input(), 'Te paso el precio');
    fireEvent.click(screen.getByTestId('send-button'));
    const failed = await screen.findByTestId('send-failed');
    expect(failed.textContent).toContain('Not sent: HeyNow did not answer');
    expect(input().value).toBe('Te paso el precio');
    expect(loadDraft('a1', 'i1')).toBe('Te paso el precio');

    fireEvent.click(screen.getByTestId('send-retry'));
    await waitFor(() => expect(input().value).toBe(''));
    expect(screen.queryByTestId('send-failed')).toBeNull();
    expect(posts().map((c) => c.body)).toEqual([{ text: 'Te paso el precio' }, { text: 'Te paso el precio' }]);
  });

  it('says the server could not be reached when the network fails', async () => {
    const { input } = setup(['network']);
    type(input(), 'hola');
    fireEvent.click(screen.getByTestId('send-button'));
    expect((await screen.findByTestId('send-failed')).textContent).toContain(
      'Not sent: the server could not be reached',
    );
    expect(input().value).toBe('hola');
  });
});
