import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, 'cli.ts');

function run(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    encoding: 'utf8',
    cwd: join(here, '../../../..'),
  });
}

describe('simulate CLI', () => {
  it('prints the same JSON twice for a shipped scenario', () => {
    const first = run(join(here, 'scenarios/ventas-baseline.json'), '--json');
    expect(first.status).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result.campaigns.map((c: { id: string }) => c.id)).toEqual(['ventas', 'postventa']);
    expect(run(join(here, 'scenarios/ventas-baseline.json'), '--json').stdout).toBe(first.stdout);
  });

  it('shows two more agents improving the Ventas service level', () => {
    const base = JSON.parse(run(join(here, 'scenarios/ventas-baseline.json'), '--json').stdout);
    const plus = JSON.parse(run(join(here, 'scenarios/ventas-plus-two-agents.json'), '--json').stdout);
    expect(plus.campaigns[0].serviceLevelPct).toBeGreaterThanOrEqual(base.campaigns[0].serviceLevelPct);
  });

  it('exits 2 naming the problem for a bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        durationHours: 1,
        campaigns: [{ id: 'v', arrivals: { perHour: -1 }, handleTime: { distribution: 'fixed', seconds: 1 } }],
        agents: [],
      }),
    );
    const result = run(bad);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('campaigns[0].arrivals.perHour');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ not json');
    expect(run(broken).status).toBe(2);
    expect(run(join(dir, 'missing.json')).stderr).toContain('cannot read');
    expect(run().status).toBe(2);
  });
});
