// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CannedResponse, ConversationMessage, InteractionTemplates } from '@switchboard/protocol';
import { fakeFetch, renderWithProviders } from '../../test/render';
import { SendingComposer } from '../../test/composer';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

const canned: CannedResponse[] = [
  { title: 'Greeting', shortcut: '/hola', text: 'Hola {customer.name}, soy {agent.name} 👋' },
  { title: 'Price', shortcut: '/precio', text: 'El precio es 10 USD' },
  { title: 'Price list', shortcut: '/precios', text: 'Lista de {campaign.name}: {order.id}' },
];
const vars = { 'customer.name': 'Lucía', 'customer.number': '+59899', 'agent.name': 'Ana', 'campaign.name': 'Ventas' };

const sent = (body: unknown): ConversationMessage => ({
  id: 'm1',
  interactionId: 'i1',
  direction: 'out',
  author: 'agent',
  agentId: 'a1',
  authorName: 'Ana',
  kind: 'text',
  text: (body as { text?: string }).text ?? null,
  attachments: [],
  status: 'pending',
  error: null,
  createdAt: 1,
});

const NOT_SYNCED: InteractionTemplates = { synced: false, customerLanguage: 'es', templates: [] };

function setup(windowOpen = true, templates: InteractionTemplates = NOT_SYNCED) {
  const fake = fakeFetch({
    'GET /api/interactions/i1/templates': () => ({ status: 200, body: templates }),
    'POST /api/interactions/i1/messages': (init) => ({ status: 201, body: sent(JSON.parse(String(init?.body))) }),
    'POST /api/attachments': () => ({
      status: 201,
      body: { id: 'att1', url: '/api/attachments/att1', mimeType: 'application/pdf', name: 'menu.pdf', size: 5 },
    }),
  });
  vi.stubGlobal('fetch', fake.fetch);
  renderWithProviders(
    <SendingComposer interactionId="i1" userId="a1" canned={canned} vars={vars} windowOpen={windowOpen} />,
  );
  const input = screen.getByTestId('composer-input') as HTMLTextAreaElement;
  const posts = () => fake.calls.filter((c) => c.method === 'POST');
  return { input, posts };
}

const type = (input: HTMLTextAreaElement, value: string) => fireEvent.change(input, { target: { value } });

describe('Composer: canned responses by /shortcut', () => {
  it('lists the matching shortcuts, moves with the arrows and puts the filled text in place of the shortcut', () => {
    const { input, posts } = setup();
    type(input, 'Buenas! /pre');
    const options = () => screen.getAllByTestId('canned-option');
    expect(options().map((o) => o.getAttribute('data-shortcut'))).toEqual(['/precio', '/precios']);
    expect(options()[0]?.getAttribute('aria-selected')).toBe('true');

    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(options()[1]?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(input, { key: 'Enter' });

    // Unknown variables stay as written; Enter picked instead of sending.
    expect(input.value).toBe('Buenas! Lista de Ventas: {order.id}');
    expect(screen.queryByTestId('canned-option')).toBeNull();
    expect(posts()).toHaveLength(0);
  });

  it('narrows as the agent types and picks with a click', () => {
    const { input } = setup();
    type(input, '/');
    expect(screen.getAllByTestId('canned-option')).toHaveLength(3);
    type(input, '/ho');
    const only = screen.getAllByTestId('canned-option');
    expect(only).toHaveLength(1);
    fireEvent.click(only[0]!);
    expect(input.value).toBe('Hola Lucía, soy Ana 👋');
  });

  it('closes the list on Escape and then lets Enter send', async () => {
    const { input, posts } = setup();
    type(input, '/precio');
    expect(screen.getAllByTestId('canned-option')).toHaveLength(2);
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(screen.queryByTestId('canned-option')).toBeNull();
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(posts()[0]?.body).toEqual({ text: '/precio' });
  });

  it('inserts from the canned button at the caret', () => {
    const { input } = setup();
    type(input, 'A  B');
    input.setSelectionRange(2, 2);
    fireEvent.click(screen.getByTestId('canned-button'));
    fireEvent.click(screen.getAllByTestId('canned-item')[1]!);
    expect(input.value).toBe('A El precio es 10 USD B');
  });
});

describe('Composer: sending', () => {
  it('sends on Enter, keeps Shift+Enter for a new line, and clears after sending', async () => {
    const { input, posts } = setup();
    type(input, 'hola 👋');
    fireEvent.keyDown(input, { key: 'Enter', shiftKey: true });
    expect(posts()).toHaveLength(0);
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(posts()[0]).toMatchObject({ url: '/api/interactions/i1/messages', body: { text: 'hola 👋' } });
    await waitFor(() => expect(input.value).toBe(''));
  });

  it('refuses a file of the wrong type before uploading and sends an accepted one by id', async () => {
    const { input, posts } = setup();
    const attach = screen.getByTestId('attach-input');
    fireEvent.change(attach, {
      target: { files: [new File(['MZ'], 'virus.exe', { type: 'application/x-msdownload' })] },
    });
    expect(screen.getByTestId('attach-error').textContent).toContain('“virus.exe” cannot be sent');
    expect(posts()).toHaveLength(0);

    fireEvent.change(attach, { target: { files: [new File(['%PDF-'], 'menu.pdf', { type: 'application/pdf' })] } });
    await waitFor(() => expect(screen.getByTestId('attachment-chip').getAttribute('data-ready')).toBe('true'));
    expect(posts()[0]?.body).toEqual({ name: 'menu.pdf', mimeType: 'application/pdf', dataBase64: btoa('%PDF-') });

    type(input, 'Te paso el menú');
    fireEvent.click(screen.getByTestId('send-button'));
    await waitFor(() => expect(posts()).toHaveLength(2));
    expect(posts()[1]?.body).toEqual({ attachmentIds: ['att1'], text: 'Te paso el menú' });
  });

  it('says how big a file is when it is over the limit', () => {
    setup();
    const big = new File(['x'], 'video.mp4', { type: 'video/mp4' });
    Object.defineProperty(big, 'size', { value: 11 * 1024 * 1024 });
    fireEvent.change(screen.getByTestId('attach-input'), { target: { files: [big] } });
    expect(screen.getByTestId('attach-error').textContent).toBe('“video.mp4” is 11.0 MB: the limit is 10.0 MB.');
  });
});

describe('Composer: WhatsApp 24-hour window closed', () => {
  const catalogue: InteractionTemplates = {
    synced: true,
    customerLanguage: 'es',
    templates: [
      {
        name: 'seguimiento',
        language: 'es',
        category: 'UTILITY',
        bodyText: 'Hola {{1}}, ¿seguimos con {{2}}?',
        paramCount: 2,
      },
      { name: 'aviso', language: 'es', category: 'UTILITY', bodyText: 'Tu pedido llegó', paramCount: 0 },
      { name: 'follow_up', language: 'en_US', category: 'UTILITY', bodyText: 'Hi {{1}}', paramCount: 1 },
    ],
  };

  it("offers the approved templates in the customer's language, previews the filled body and sends it", async () => {
    const { input, posts } = setup(false, catalogue);
    expect(input.disabled).toBe(true);
    expect(screen.getByTestId('window-closed').textContent).toBe(
      'The 24-hour WhatsApp window is closed: only templates can be sent',
    );
    await waitFor(() => expect(screen.getByTestId('template-picker')).toBeTruthy());
    expect(screen.getByTestId('template-preview').textContent).toBe('Hola {{1}}, ¿seguimos con {{2}}?');
    const params = screen.getAllByTestId('template-param') as HTMLInputElement[];
    expect(params).toHaveLength(2);

    // Every parameter is required before anything goes out.
    fireEvent.change(params[0]!, { target: { value: 'Lucía' } });
    fireEvent.click(screen.getByTestId('template-send'));
    expect(posts()).toHaveLength(0);
    expect(screen.getByTestId('template-preview').textContent).toBe('Hola Lucía, ¿seguimos con {{2}}?');

    fireEvent.change(screen.getAllByTestId('template-param')[1]!, { target: { value: 'tu pedido' } });
    expect(screen.getByTestId('template-preview').textContent).toBe('Hola Lucía, ¿seguimos con tu pedido?');
    fireEvent.click(screen.getByTestId('template-send'));
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(posts()[0]?.body).toEqual({
      template: { name: 'seguimiento', language: 'es', params: ['Lucía', 'tu pedido'] },
    });
  });

  it('lets the agent switch to another language', async () => {
    setup(false, catalogue);
    await waitFor(() => expect(screen.getByTestId('template-languages')).toBeTruthy());
    fireEvent.click(screen.getByText('en_US'));
    await waitFor(() => expect(screen.getByTestId('template-preview').textContent).toBe('Hi {{1}}'));
    expect(screen.getAllByTestId('template-param')).toHaveLength(1);
  });

  it('says so when the number has no approved template', async () => {
    setup(false, { synced: true, customerLanguage: 'es', templates: [] });
    await waitFor(() => expect(screen.getByTestId('no-templates')).toBeTruthy());
    expect(screen.queryByTestId('template-send')).toBeNull();
  });

  it('closes on screen when the window runs out while the conversation is open', () => {
    const fake = fakeFetch({
      'GET /api/interactions/i1/templates': () => ({ status: 200, body: NOT_SYNCED }),
    });
    vi.stubGlobal('fetch', fake.fetch);
    renderWithProviders(
      <SendingComposer
        interactionId="i1"
        userId="a1"
        canned={canned}
        vars={vars}
        windowOpen
        windowClosesAt={Date.now() - 1}
      />,
    );
    expect(screen.getByTestId('composer').getAttribute('data-window')).toBe('closed');
  });

  it('without a synced catalogue (HeyNow), asks for the template by name and sends it', async () => {
    const { input, posts } = setup(false);
    expect(input.disabled).toBe(true);
    expect(screen.getByTestId('window-closed').textContent).toBe(
      'The 24-hour WhatsApp window is closed: only templates can be sent',
    );
    expect(screen.queryByTestId('send-button')).toBeNull();
    expect(screen.queryByTestId('emoji-button')).toBeNull();

    await waitFor(() => expect(screen.getByTestId('template-form')).toBeTruthy());
    fireEvent.click(screen.getByTestId('template-send'));
    expect(posts()).toHaveLength(0);

    fireEvent.change(screen.getByTestId('template-name'), { target: { value: 'seguimiento' } });
    fireEvent.change(screen.getByTestId('template-language'), { target: { value: 'es_UY' } });
    fireEvent.click(screen.getByTestId('template-add-param'));
    fireEvent.change(screen.getByTestId('template-param'), { target: { value: 'Lucía' } });
    fireEvent.click(screen.getByTestId('template-send'));
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(posts()[0]?.body).toEqual({ template: { name: 'seguimiento', language: 'es_UY', params: ['Lucía'] } });
  });
});
