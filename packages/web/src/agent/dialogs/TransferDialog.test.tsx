// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, renderWithProviders } from '../../test/render';
import { TransferDialog } from './TransferDialog';

afterEach(() => vi.unstubAllGlobals());

describe('TransferDialog', () => {
  it('marks offline colleagues and does not let the agent choose them', async () => {
    const fake = fakeFetch({
      'GET /api/agent/colleagues': () => ({
        status: 200,
        body: [
          { id: 'a1', displayName: 'Ana', status: 'available' },
          { id: 'b1', displayName: 'Bruno', status: 'available' },
          { id: 'c1', displayName: 'Carla', status: 'offline' },
        ],
      }),
    });
    vi.stubGlobal('fetch', fake.fetch);
    renderWithProviders(
      <TransferDialog interactionId="i1" currentCampaignId="k1" myId="a1" campaigns={[]} opened onClose={() => {}} />,
    );
    const select = (await screen.findByTestId('transfer-agent')) as HTMLSelectElement;
    await waitFor(() => expect(select.options.length).toBe(3));
    const option = (id: string) => Array.from(select.options).find((o) => o.value === id)!;
    expect(option('b1').disabled).toBe(false);
    expect(option('b1').textContent).toBe('Bruno — Available');
    expect(option('c1').disabled).toBe(true);
    expect(option('c1').textContent).toBe('Carla — offline, cannot receive');
  });
});
