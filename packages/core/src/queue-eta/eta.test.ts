import { describe, expect, it } from 'vitest';
import { erlangCExpectedWait } from './erlang-c';
import { estimateWait, formatEta, queueStats, renderQueueMessage } from './eta';
import { measureEtaAccuracy } from './eta-accuracy';

const stats = queueStats({
  arrivals: 60,
  windowSeconds: 3600,
  handlingSeconds: [200, 400],
  agentsServing: 2,
  perAgentCap: 2,
});

describe('queueStats', () => {
  it('takes λ over the window, AHT as the mean of recent closes, slots as serving agents × cap', () => {
    expect(stats).toEqual({ arrivalsPerSecond: 60 / 3600, ahtSeconds: 300, slots: 4 });
  });

  it('has no AHT when nothing closed in the window', () => {
    expect(
      queueStats({ arrivals: 3, windowSeconds: 60, handlingSeconds: [], agentsServing: 1, perAgentCap: 1 }).ahtSeconds,
    ).toBeNull();
  });
});

describe('estimateWait', () => {
  it.each([
    [1, 75],
    [4, 300],
    [10, 750],
  ])('position %d waits position × AHT ÷ slots = %d s', (position, seconds) => {
    expect(estimateWait(stats, position)).toBeCloseTo(seconds, 9);
  });

  it('falls back to the Erlang-C expected wait when the position is unknown', () => {
    // 36 arrivals an hour × 300 s = 3 Erlangs on 4 slots: C(4, 3) ≈ 0.509, W = C × 300 ÷ (4 − 3) ≈ 153 s.
    const w = estimateWait({ ...stats, arrivalsPerSecond: 36 / 3600 }, null);
    expect(w).toBeCloseTo(erlangCExpectedWait({ arrivalsPerSecond: 36 / 3600, ahtSeconds: 300, servers: 4 })!, 9);
    expect(w!).toBeCloseTo(152.8, 0);
    // 60 an hour is 5 Erlangs on 4 slots: the queue grows without bound, there is no expected wait.
    expect(estimateWait(stats, null)).toBeNull();
  });

  it('gives no estimate without serving slots or without a measured AHT', () => {
    expect(estimateWait({ ...stats, slots: 0 }, 3)).toBeNull();
    expect(estimateWait({ ...stats, ahtSeconds: null }, 3)).toBeNull();
  });
});

describe('the customer text', () => {
  it.each([
    [null, 'unknown'],
    [10, 'less than a minute'],
    [29, 'less than a minute'],
    [31, '1 minute'],
    [89, '1 minute'],
    [91, '2 minutes'],
    [750, '13 minutes'],
  ])('%s s reads "%s"', (seconds, text) => {
    expect(formatEta(seconds)).toBe(text);
  });

  it('says the wait in the campaign language', () => {
    expect([formatEta(600, 'es'), formatEta(60, 'es'), formatEta(10, 'pt'), formatEta(null, 'es')]).toEqual([
      '10 minutos',
      '1 minuto',
      'menos de um minuto',
      'desconocida',
    ]);
    expect(renderQueueMessage('Lugar {position}, espera {eta}', 2, 180, 'es')).toBe('Lugar 2, espera 3 minutos');
  });

  it('fills every {position} and {eta}', () => {
    expect(renderQueueMessage('#{position}: {eta} ({position})', 3, 150)).toBe('#3: 3 minutes (3)');
  });
});

describe('accuracy against a simulated FIFO queue', () => {
  it.each([
    // Measured with these seeds (see docs/routing.md): MAE 31%, 19% and 19% of the mean wait.
    [
      'exponential handling, 85% busy: MAE under 40% of the mean wait',
      { handling: 'exponential' as const, utilisation: 0.85 },
      0.4,
    ],
    [
      'exponential handling, 95% busy: MAE under 25% of the mean wait',
      { handling: 'exponential' as const, utilisation: 0.95 },
      0.25,
    ],
    [
      'log-normal handling (cv 0.5), 90% busy: MAE under 25% of the mean wait',
      { handling: { logNormalCv: 0.5 }, utilisation: 0.9 },
      0.25,
    ],
  ])('%s', (_name, s, bound) => {
    const r = measureEtaAccuracy({ seed: 7, slots: 10, ahtSeconds: 300, arrivals: 20_000, ahtWindow: 100, ...s });
    expect(r.waited).toBeGreaterThan(1000);
    expect(r.maeSeconds).toBeLessThan(bound * r.meanWaitSeconds);
  });
});
