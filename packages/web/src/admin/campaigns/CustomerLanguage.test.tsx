// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CUSTOMER_TEXTS } from '@switchboard/protocol';
import { fakeFetch, renderWithProviders } from '../../test/render';
import { CampaignEditor } from './CampaignEditor';

afterEach(() => vi.unstubAllGlobals());

function editor() {
  const fake = fakeFetch({
    'GET /api/providers': () => ({ status: 200, body: [] }),
    'POST /api/campaigns': () => ({ status: 500, body: { error: 'internal', message: 'not saved in this test' } }),
  });
  vi.stubGlobal('fetch', fake.fetch);
  renderWithProviders(<CampaignEditor campaign={null} />);
  fireEvent.change(screen.getByLabelText('Name', { exact: false }), { target: { value: 'Ventas' } });
  fireEvent.click(screen.getByTestId('tab-messages'));
  return fake;
}

const field = (label: string) => screen.getByLabelText(label, { exact: false }) as HTMLTextAreaElement;

describe("a campaign's customer language", () => {
  it("starts a new campaign in the administrator's language, with its default texts", async () => {
    editor();
    expect((screen.getByTestId('campaign-language') as HTMLInputElement).value).toBe('English');
    expect(field('Welcome message').value).toBe(DEFAULT_CUSTOMER_TEXTS.en.welcome);
    // The help text says when the welcome really goes: on entering the queue, not when an agent takes it.
    expect(screen.getByText(/as soon as the conversation enters this campaign's queue/)).toBeTruthy();
  });

  it('offers to replace only untouched defaults when the language changes, and sends the choice', async () => {
    const fake = editor();
    fireEvent.change(field('Out-of-time message'), { target: { value: 'Abrimos de 9 a 18.' } });
    fireEvent.click(screen.getByTestId('survey-enabled'));

    fireEvent.click(screen.getByTestId('campaign-language'));
    fireEvent.click(await screen.findByRole('option', { name: 'Spanish' }));
    const offer = await screen.findByTestId('replace-defaults');
    // welcome, not-available, queue message and survey question: not the text the administrator wrote.
    expect(offer.textContent).toContain('4 text(s)');
    fireEvent.click(screen.getByTestId('replace-defaults-yes'));

    await waitFor(() => expect(field('Welcome message').value).toBe(DEFAULT_CUSTOMER_TEXTS.es.welcome));
    expect(field('Not-available message').value).toBe(DEFAULT_CUSTOMER_TEXTS.es.notAvailable);
    expect(field('Out-of-time message').value).toBe('Abrimos de 9 a 18.');
    expect((screen.getByTestId('survey-question') as HTMLTextAreaElement).value).toBe(
      DEFAULT_CUSTOMER_TEXTS.es.surveyQuestion,
    );
    expect(screen.queryByTestId('replace-defaults')).toBeNull();

    fireEvent.click(screen.getByTestId('save-campaign'));
    await waitFor(() => expect(fake.calls.some((c) => c.method === 'POST')).toBe(true));
    const sent = fake.calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    expect(sent).toMatchObject({
      language: 'es',
      survey: { enabled: true, question: DEFAULT_CUSTOMER_TEXTS.es.surveyQuestion },
      queueUpdates: { template: DEFAULT_CUSTOMER_TEXTS.es.queueTemplate },
      messages: { outOfTime: 'Abrimos de 9 a 18.', welcome: DEFAULT_CUSTOMER_TEXTS.es.welcome },
    });
  });

  it('keeps every text when the administrator declines', async () => {
    editor();
    fireEvent.click(screen.getByTestId('campaign-language'));
    fireEvent.click(await screen.findByRole('option', { name: 'Portuguese' }));
    fireEvent.click(await screen.findByTestId('replace-defaults-no'));
    expect(field('Welcome message').value).toBe(DEFAULT_CUSTOMER_TEXTS.en.welcome);
    expect((screen.getByTestId('campaign-language') as HTMLInputElement).value).toBe('Portuguese');
  });
});
