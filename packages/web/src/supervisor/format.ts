import type { Colour } from '@switchboard/protocol';
import { formatDuration } from '../shared/format';

export const DASH = '—';

/** A percentage of the monitor; null means an empty denominator and shows a dash. */
export function formatPercent(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return DASH;
  return `${Number(value.toFixed(1))}%`;
}

/** An average 1–5 answer with one decimal ("4.0"); a dash without answers. */
export function formatSatisfaction(average: number | null): string {
  return average === null || !Number.isFinite(average) ? DASH : average.toFixed(1);
}

export function formatMs(ms: number | null): string {
  return ms === null ? DASH : formatDuration(ms);
}

/** The worse of two colours: a figure that crossed a threshold since the fetch turns without waiting for it. */
export function worse(a: Colour, b: Colour): Colour {
  if (a === 'red' || b === 'red') return 'red';
  if (a === 'amber' || b === 'amber') return 'amber';
  return 'none';
}

/** Amber (or the given colour) once `elapsedMs` is beyond `limitSeconds`. */
export function colourBeyond(elapsedMs: number | null, limitSeconds: number, colour: Colour): Colour {
  return elapsedMs !== null && limitSeconds > 0 && elapsedMs > limitSeconds * 1000 ? colour : 'none';
}

/** Cell styles per colour: a tinted background that reads in light and dark schemes. */
export function colourStyle(colour: Colour): { backgroundColor?: string; color?: string; fontWeight?: number } {
  switch (colour) {
    case 'red':
      return {
        backgroundColor: 'var(--mantine-color-red-light)',
        color: 'var(--mantine-color-red-light-color)',
        fontWeight: 700,
      };
    case 'amber':
      return {
        backgroundColor: 'var(--mantine-color-yellow-light)',
        color: 'var(--mantine-color-yellow-light-color)',
        fontWeight: 700,
      };
    default:
      return {};
  }
}

export function formatTime(at: number, language: string): string {
  return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }).format(new Date(at));
}
