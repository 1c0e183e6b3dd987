// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { isSoundMuted, playChime, resetChimeForTests } from './sound';
import { SoundToggle } from './SoundToggle';

/** Records what the chime asks the Web Audio API for. */
class FakeAudioContext {
  static made = 0;
  static oscillators: { frequency: number; started: boolean }[] = [];
  state = 'running';
  currentTime = 0;
  destination = {};
  constructor() {
    FakeAudioContext.made++;
  }
  resume() {
    return Promise.resolve();
  }
  createGain() {
    const param = { setValueAtTime() {}, exponentialRampToValueAtTime() {} };
    return { gain: param, connect() {} };
  }
  createOscillator() {
    const record = { frequency: 0, started: false };
    FakeAudioContext.oscillators.push(record);
    return {
      type: 'sine',
      frequency: {
        setValueAtTime: (value: number) => {
          record.frequency = value;
        },
      },
      connect() {},
      start: () => {
        record.started = true;
      },
      stop() {},
    };
  }
}

beforeEach(() => {
  localStorage.clear();
  resetChimeForTests();
  FakeAudioContext.made = 0;
  FakeAudioContext.oscillators = [];
  vi.stubGlobal('AudioContext', FakeAudioContext);
});
afterEach(() => vi.unstubAllGlobals());

describe('the new-work chime', () => {
  it('is generated with the Web Audio API: two short notes, no file', () => {
    playChime();
    expect(FakeAudioContext.made).toBe(1);
    expect(FakeAudioContext.oscillators.map((o) => [o.frequency, o.started])).toEqual([
      [880, true],
      [1320, true],
    ]);
  });

  it('is silent once muted with the toggle, and the choice is remembered across reloads', () => {
    const first = renderWithProviders(<SoundToggle />);
    const toggle = screen.getByTestId('sound-toggle');
    expect(toggle.getAttribute('data-muted')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('data-muted')).toBe('true');
    expect(isSoundMuted()).toBe(true);
    playChime();
    expect(FakeAudioContext.oscillators).toHaveLength(0);

    first.unmount();
    renderWithProviders(<SoundToggle />);
    expect(screen.getByTestId('sound-toggle').getAttribute('data-muted')).toBe('true');
    fireEvent.click(screen.getByTestId('sound-toggle'));
    playChime();
    expect(FakeAudioContext.oscillators).toHaveLength(2);
  });
});
