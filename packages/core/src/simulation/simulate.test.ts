import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../routing/rng';
import { exponential, logNormal, nextArrival } from './distributions';
import { parseScenario, ScenarioError, type Scenario } from './scenario';
import { simulate } from './simulate';
import { formatResult } from './table';

function scenario(agents: number, overrides: Partial<Scenario['campaigns'][number]> = {}): Scenario {
  return parseScenario({
    name: `ventas with ${agents}`,
    seed: 11,
    durationHours: 4,
    campaigns: [
      {
        id: 'ventas',
        strategy: 'nocall',
        deliveryMode: 'wrandom',
        maxInteractionsPerAgent: 1,
        thresholds: { serviceLevel: 20, shortAbandon: 5 },
        arrivals: { perHour: 60 },
        handleTime: { distribution: 'exponential', meanSeconds: 240 },
        patience: { meanSeconds: 120 },
        ...overrides,
      },
    ],
    agents: [{ id: 'a', count: agents, campaigns: [{ id: 'ventas', penalty: 0 }] }],
  });
}

describe('simulator', () => {
  it('gives identical output for the same scenario and seed', () => {
    expect(JSON.stringify(simulate(scenario(4)))).toBe(JSON.stringify(simulate(scenario(4))));
  });

  it('does not get a worse service level with more agents on a fixed seed', () => {
    const levels = [2, 3, 4, 6, 8].map((n) => simulate(scenario(n)).campaigns[0]!);
    for (let i = 1; i < levels.length; i++) {
      expect(levels[i]!.serviceLevelPct!).toBeGreaterThanOrEqual(levels[i - 1]!.serviceLevelPct!);
      expect(levels[i]!.abandoned).toBeLessThanOrEqual(levels[i - 1]!.abandoned);
    }
    // same customers whatever the staff: arrivals come from their own stream
    expect(new Set(levels.map((l) => l.arrivals)).size).toBe(1);
  });

  it('accounts for every arrival: answered, abandoned, short abandon, queue full or unfinished', () => {
    const result = simulate(
      scenario(2, { thresholds: { serviceLevel: 20, shortAbandon: 5, queueTimeout: 300, maxQueued: 5 } }),
    );
    const c = result.campaigns[0]!;
    expect(c.answered + c.abandoned + c.shortAbandoned + c.queueFull + c.unfinished).toBe(c.arrivals);
    expect(c.queueFull).toBeGreaterThan(0);
    expect(c.wait.p50Seconds!).toBeLessThanOrEqual(c.wait.p90Seconds!);
  });

  it('serves a manual (ringallmultiple) campaign through simulated takes', () => {
    const c = simulate(scenario(3, { strategy: 'ringallmultiple', maxInteractionsPerAgent: 2 })).campaigns[0]!;
    expect(c.answered).toBeGreaterThan(100);
  });

  it('reports occupancy within 0–100 % and renders a table', () => {
    const result = simulate(scenario(3));
    for (const agent of result.agents) {
      expect(agent.occupancyPct!).toBeGreaterThan(0);
      expect(agent.occupancyPct!).toBeLessThanOrEqual(100);
    }
    expect(formatResult(result)).toContain('SL %');
  });

  it('shows an empty denominator as null, not 0 %', () => {
    const c = simulate(scenario(1, { arrivals: { perHour: 0 } })).campaigns[0]!;
    expect(c.serviceLevelPct).toBeNull();
    expect(c.abandonRatePct).toBeNull();
  });
});

describe('traffic model', () => {
  it('draws exponential and log-normal values with the requested means', () => {
    const rng = mulberry32(5);
    let e = 0;
    let l = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      e += exponential(rng, 100);
      l += logNormal(rng, 300, 120);
    }
    expect(e / n).toBeGreaterThan(95);
    expect(e / n).toBeLessThan(105);
    expect(l / n).toBeGreaterThan(290);
    expect(l / n).toBeLessThan(310);
  });

  it('follows an hourly arrival profile, with no arrivals in a zero hour', () => {
    const rng = mulberry32(9);
    const perHour = [0, 0, 0];
    let t = 0;
    for (
      let next = nextArrival(rng, { hourly: [100, 0, 400] }, t, 3 * 3_600_000);
      next !== null;
      next = nextArrival(rng, { hourly: [100, 0, 400] }, t, 3 * 3_600_000)
    ) {
      perHour[Math.floor(next / 3_600_000)]!++;
      t = next;
    }
    expect(perHour[1]).toBe(0);
    expect(perHour[0]).toBeGreaterThan(70);
    expect(perHour[0]).toBeLessThan(130);
    expect(perHour[2]).toBeGreaterThan(340);
    expect(perHour[2]).toBeLessThan(460);
  });
});

describe('scenario validation', () => {
  const base = () =>
    JSON.parse(
      JSON.stringify({
        durationHours: 1,
        campaigns: [{ id: 'v', arrivals: { perHour: 1 }, handleTime: { distribution: 'fixed', seconds: 60 } }],
        agents: [{ id: 'a', campaigns: [{ id: 'v' }] }],
      }),
    );

  it('fills defaults for a minimal scenario', () => {
    const s = parseScenario(base());
    expect(s.campaigns[0]).toMatchObject({
      strategy: 'nocall',
      deliveryMode: 'rrmemory',
      maxInteractionsPerAgent: 1,
      patience: null,
    });
    expect(s.agents[0]!.shifts).toEqual([{ from: 0, to: 1 }]);
  });

  it.each([
    [
      ['campaigns', 0, 'thresholds'],
      { serviceLevel: 0 },
      'campaigns[0].thresholds.serviceLevel: must be between 1 and 86400',
    ],
    [['campaigns', 0, 'strategy'], 'roundrobin', 'campaigns[0].strategy: must be one of incall, nocall'],
    [
      ['campaigns', 0, 'handleTime'],
      { distribution: 'lognormal', meanSeconds: 60 },
      'campaigns[0].handleTime.sdSeconds: must be a number',
    ],
    [['agents', 0, 'campaigns', 0, 'id'], 'soporte', 'agents[0].campaigns[0].id: unknown campaign "soporte"'],
    [['agents', 0, 'shifts'], [{ from: 0.5, to: 0.2 }], 'agents[0].shifts[0].to: must be after from'],
    [['campaigns', 0, 'arrivals'], { hourly: [] }, 'campaigns[0].arrivals.hourly: must have at least 1 item'],
    [['campaigns', 0, 'colour'], 'red', 'campaigns[0].colour: unknown field'],
    [['durationHours'], undefined, 'durationHours: must be a number'],
  ] as [(string | number)[], unknown, string][])('names the bad field: %j', (path, value, message) => {
    const s = base();
    let target = s as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
    if (value === undefined) delete target[path[path.length - 1]!];
    else target[path[path.length - 1]!] = value;
    expect(() => parseScenario(s)).toThrow(ScenarioError);
    expect(() => parseScenario(s)).toThrow(message);
  });
});
