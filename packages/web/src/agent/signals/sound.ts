import { readJson, writeJson } from './storage';

const MUTE_KEY = 'switchboard.sound.muted';

export function isSoundMuted(): boolean {
  return readJson<unknown>(MUTE_KEY, false) === true;
}

export function setSoundMuted(muted: boolean): void {
  writeJson(MUTE_KEY, muted);
}

type AudioContextClass = new () => AudioContext;

let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (context) return context;
  const g = globalThis as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass };
  const Ctor = g.AudioContext ?? g.webkitAudioContext;
  if (!Ctor) return null;
  try {
    context = new Ctor();
  } catch {
    return null;
  }
  return context;
}

/**
 * A short two-note chime made on the spot with the Web Audio API (nothing to download). Browsers keep audio
 * suspended until the page has had a user gesture; then the chime is simply silent, never an error.
 */
export function playChime(): void {
  if (isSoundMuted()) return;
  const ctx = audioContext();
  if (!ctx) return;
  try {
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    const start = ctx.currentTime;
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.45);
    [880, 1320].forEach((frequency, i) => {
      const osc = ctx.createOscillator();
      osc.type = 'sine';
      osc.frequency.setValueAtTime(frequency, start + i * 0.15);
      osc.connect(gain);
      osc.start(start + i * 0.15);
      osc.stop(start + 0.45);
    });
  } catch {
    // An audio device that vanished mid-shift must not break the inbox.
  }
}

/** For tests: forget the shared context so a new mock is picked up. */
export function resetChimeForTests(): void {
  context = null;
}
