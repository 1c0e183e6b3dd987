import type { Rng } from '../routing/types';
import type { HandleTime, SimCampaign } from './scenario';

const HOUR_MS = 3_600_000;

/** Inverse transform; `1 - u` keeps the log finite because u is in [0, 1). */
export function exponential(rng: Rng, mean: number): number {
  return -Math.log(1 - rng()) * mean;
}

/**
 * Log-normal with the given mean and standard deviation of the variable itself (not of its log), which
 * is how handle times are usually quoted. Always draws two uniforms so that the stream stays aligned.
 */
export function logNormal(rng: Rng, mean: number, sd: number): number {
  const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
  const mu = Math.log(mean) - sigma2 / 2;
  const u1 = 1 - rng();
  const u2 = rng();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.exp(mu + Math.sqrt(sigma2) * z);
}

export function handleTimeMs(rng: Rng, h: HandleTime): number {
  switch (h.distribution) {
    case 'exponential':
      return exponential(rng, h.meanSeconds) * 1000;
    case 'lognormal':
      return logNormal(rng, h.meanSeconds, h.sdSeconds) * 1000;
    case 'fixed':
      return h.seconds * 1000;
  }
}

/**
 * Next arrival of a (piecewise) Poisson process after `t`, or null past `endMs`. Exponential gaps are
 * memoryless, so crossing into an hour with another rate simply draws again from the hour boundary.
 */
export function nextArrival(rng: Rng, arrivals: SimCampaign['arrivals'], t: number, endMs: number): number | null {
  let at = t;
  while (at < endMs) {
    const hour = Math.floor(at / HOUR_MS);
    const perHour = 'perHour' in arrivals ? arrivals.perHour : (arrivals.hourly[hour] ?? 0);
    const hourEnd = (hour + 1) * HOUR_MS;
    if (perHour <= 0) {
      at = hourEnd;
      continue;
    }
    const next = at + exponential(rng, HOUR_MS / perHour);
    if (next < hourEnd) return next < endMs ? next : null;
    at = hourEnd;
  }
  return null;
}
