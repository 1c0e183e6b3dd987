import { DELIVERY_MODES, STRATEGIES, type DeliveryMode, type Strategy } from '../routing/types';

/** A what-if for supervisors: traffic, staff and campaign settings, run in simulated time. */
export interface Scenario {
  name: string;
  seed: number;
  durationHours: number;
  campaigns: SimCampaign[];
  agents: SimAgent[];
}

export interface SimCampaign {
  id: string;
  strategy: Strategy;
  deliveryMode: DeliveryMode;
  maxInteractionsPerAgent: number;
  wrapUpSeconds: number;
  thresholds: { serviceLevel: number; shortAbandon: number; queueTimeout: number; maxQueued: number };
  /** Poisson arrivals: a constant rate, or one rate per simulated hour. */
  arrivals: { perHour: number } | { hourly: number[] };
  handleTime: HandleTime;
  /** Exponential patience of waiting customers; null = they never leave. */
  patience: { meanSeconds: number } | null;
}

export type HandleTime =
  | { distribution: 'exponential'; meanSeconds: number }
  | { distribution: 'lognormal'; meanSeconds: number; sdSeconds: number }
  | { distribution: 'fixed'; seconds: number };

export interface SimAgent {
  id: string;
  campaigns: { id: string; penalty: number }[];
  /** Logged in (available) from `from` to `to`, in simulated hours. */
  shifts: { from: number; to: number }[];
}

/** A scenario file that cannot run; `path` names the bad field, e.g. `campaigns[1].thresholds.serviceLevel`. */
export class ScenarioError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path || 'scenario'}: ${problem}`);
    this.name = 'ScenarioError';
  }
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string, allowed: string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ScenarioError(path, 'must be an object');
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      throw new ScenarioError(path ? `${path}.${key}` : key, `unknown field (allowed: ${allowed.join(', ')})`);
  }
  return value as Json;
}

function array(value: unknown, path: string, minLength = 0): unknown[] {
  if (!Array.isArray(value)) throw new ScenarioError(path, 'must be an array');
  if (value.length < minLength)
    throw new ScenarioError(path, `must have at least ${minLength} item${minLength === 1 ? '' : 's'}`);
  return value;
}

function number(value: unknown, path: string, min: number, max: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ScenarioError(path, 'must be a number');
  if (integer && !Number.isInteger(value)) throw new ScenarioError(path, 'must be an integer');
  if (value < min || value > max) throw new ScenarioError(path, `must be between ${min} and ${max}`);
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ScenarioError(path, 'must be a non-empty string');
  return value;
}

function oneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T {
  if (typeof value !== 'string' || !options.includes(value as T))
    throw new ScenarioError(path, `must be one of ${options.join(', ')}`);
  return value as T;
}

function optional<T>(json: Json, key: string, fallback: T, read: (value: unknown) => T): T {
  return json[key] === undefined ? fallback : read(json[key]);
}

/** Validates a parsed scenario file by hand (core has no dependencies) and fills defaults. */
export function parseScenario(input: unknown): Scenario {
  const root = object(input, '', ['name', 'seed', 'durationHours', 'campaigns', 'agents']);
  const durationHours = number(root.durationHours, 'durationHours', 0.01, 24 * 31);
  const campaigns = array(root.campaigns, 'campaigns', 1).map((c, i) =>
    parseCampaign(c, `campaigns[${i}]`, durationHours),
  );
  const campaignIds = new Set<string>();
  campaigns.forEach((c, i) => {
    if (campaignIds.has(c.id)) throw new ScenarioError(`campaigns[${i}].id`, `duplicate campaign id "${c.id}"`);
    campaignIds.add(c.id);
  });
  const agents: SimAgent[] = [];
  const agentIds = new Set<string>();
  array(root.agents, 'agents').forEach((a, i) => {
    for (const agent of parseAgents(a, `agents[${i}]`, campaignIds, durationHours)) {
      if (agentIds.has(agent.id)) throw new ScenarioError(`agents[${i}].id`, `duplicate agent id "${agent.id}"`);
      agentIds.add(agent.id);
      agents.push(agent);
    }
  });
  return {
    name: optional(root, 'name', 'scenario', (v) => string(v, 'name')),
    seed: optional(root, 'seed', 1, (v) => number(v, 'seed', 0, 2 ** 32 - 1, true)),
    durationHours,
    campaigns,
    agents,
  };
}

function parseCampaign(value: unknown, path: string, durationHours: number): SimCampaign {
  const c = object(value, path, [
    'id',
    'strategy',
    'deliveryMode',
    'maxInteractionsPerAgent',
    'wrapUpSeconds',
    'thresholds',
    'arrivals',
    'handleTime',
    'patience',
  ]);
  const t = object(c.thresholds ?? {}, `${path}.thresholds`, [
    'serviceLevel',
    'shortAbandon',
    'queueTimeout',
    'maxQueued',
  ]);
  return {
    id: string(c.id, `${path}.id`),
    strategy: optional(c, 'strategy', 'nocall' as Strategy, (v) => oneOf(v, `${path}.strategy`, STRATEGIES)),
    deliveryMode: optional(c, 'deliveryMode', 'rrmemory' as DeliveryMode, (v) =>
      oneOf(v, `${path}.deliveryMode`, DELIVERY_MODES),
    ),
    maxInteractionsPerAgent: optional(c, 'maxInteractionsPerAgent', 1, (v) =>
      number(v, `${path}.maxInteractionsPerAgent`, 1, 100, true),
    ),
    wrapUpSeconds: optional(c, 'wrapUpSeconds', 0, (v) => number(v, `${path}.wrapUpSeconds`, 0, 3600, true)),
    thresholds: {
      serviceLevel: optional(t, 'serviceLevel', 20, (v) =>
        number(v, `${path}.thresholds.serviceLevel`, 1, 86_400, true),
      ),
      shortAbandon: optional(t, 'shortAbandon', 5, (v) =>
        number(v, `${path}.thresholds.shortAbandon`, 0, 86_400, true),
      ),
      queueTimeout: optional(t, 'queueTimeout', 0, (v) =>
        number(v, `${path}.thresholds.queueTimeout`, 0, 7 * 86_400, true),
      ),
      maxQueued: optional(t, 'maxQueued', 0, (v) => number(v, `${path}.thresholds.maxQueued`, 0, 1_000_000, true)),
    },
    arrivals: parseArrivals(c.arrivals, `${path}.arrivals`, durationHours),
    handleTime: parseHandleTime(c.handleTime, `${path}.handleTime`),
    patience:
      c.patience == null
        ? null
        : {
            meanSeconds: number(
              object(c.patience, `${path}.patience`, ['meanSeconds']).meanSeconds,
              `${path}.patience.meanSeconds`,
              0.001,
              86_400,
            ),
          },
  };
}

function parseArrivals(value: unknown, path: string, durationHours: number): SimCampaign['arrivals'] {
  const a = object(value, path, ['perHour', 'hourly']);
  if (a.perHour !== undefined && a.hourly !== undefined)
    throw new ScenarioError(path, 'give either perHour or hourly, not both');
  if (a.perHour !== undefined) return { perHour: number(a.perHour, `${path}.perHour`, 0, 1_000_000) };
  const hours = Math.ceil(durationHours);
  const hourly = array(a.hourly, `${path}.hourly`, hours).map((v, i) =>
    number(v, `${path}.hourly[${i}]`, 0, 1_000_000),
  );
  return { hourly };
}

function parseHandleTime(value: unknown, path: string): HandleTime {
  const h = object(value, path, ['distribution', 'meanSeconds', 'sdSeconds', 'seconds']);
  const distribution = oneOf(h.distribution, `${path}.distribution`, ['exponential', 'lognormal', 'fixed'] as const);
  if (distribution === 'fixed') return { distribution, seconds: number(h.seconds, `${path}.seconds`, 0.001, 86_400) };
  const meanSeconds = number(h.meanSeconds, `${path}.meanSeconds`, 0.001, 86_400);
  if (distribution === 'exponential') return { distribution, meanSeconds };
  return { distribution, meanSeconds, sdSeconds: number(h.sdSeconds, `${path}.sdSeconds`, 0.001, 86_400) };
}

/** One entry may describe a team: `count: 5` with id `v` gives agents v-1 … v-5. */
function parseAgents(value: unknown, path: string, campaignIds: Set<string>, durationHours: number): SimAgent[] {
  const a = object(value, path, ['id', 'count', 'campaigns', 'shifts']);
  const id = string(a.id, `${path}.id`);
  const count = optional(a, 'count', 1, (v) => number(v, `${path}.count`, 1, 10_000, true));
  const campaigns = array(a.campaigns, `${path}.campaigns`, 1).map((m, i) => {
    const mp = `${path}.campaigns[${i}]`;
    const member = object(m, mp, ['id', 'penalty']);
    const campaignId = string(member.id, `${mp}.id`);
    if (!campaignIds.has(campaignId)) throw new ScenarioError(`${mp}.id`, `unknown campaign "${campaignId}"`);
    return { id: campaignId, penalty: optional(member, 'penalty', 0, (v) => number(v, `${mp}.penalty`, 0, 100, true)) };
  });
  const shifts = optional(a, 'shifts', [{ from: 0, to: durationHours }], (v) =>
    array(v, `${path}.shifts`, 1).map((s, i) => {
      const sp = `${path}.shifts[${i}]`;
      const shift = object(s, sp, ['from', 'to']);
      const from = number(shift.from, `${sp}.from`, 0, durationHours);
      const to = number(shift.to, `${sp}.to`, 0, durationHours);
      if (to <= from) throw new ScenarioError(`${sp}.to`, 'must be after from');
      return { from, to };
    }),
  );
  if (count === 1) return [{ id, campaigns, shifts }];
  return Array.from({ length: count }, (_, i) => ({ id: `${id}-${i + 1}`, campaigns, shifts }));
}
