import type { Role } from '@switchboard/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AudienceIndex } from './audience-index';
import { LiveFeed, type Audience, type Viewer } from './live-feed';

const USERS = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];
const CAMPAIGNS = ['c0', 'c1', 'c2'];

interface Socket {
  name: number;
  viewer: Viewer;
  visit: number;
}

const scopeArb: fc.Arbitrary<Viewer['scope']> = fc.oneof(
  fc.constant('all' as const),
  fc.subarray(CAMPAIGNS).map((ids) => new Set(ids)),
);
const viewerArb: fc.Arbitrary<Viewer> = fc.record({
  id: fc.constantFrom(...USERS),
  role: fc.constantFrom<Role>('agent', 'supervisor', 'administrator'),
  scope: scopeArb,
});
const audienceArb: fc.Arbitrary<Audience> = fc.record({
  agentIds: fc.subarray(USERS, { maxLength: 3 }),
  campaignMembers: fc.option(fc.constantFrom(...CAMPAIGNS)),
  staffCampaign: fc.option(fc.constantFrom(...CAMPAIGNS), { nil: undefined }).chain((c) =>
    // undefined: no staff; null: administrators only; a campaign: its staff
    c === undefined ? fc.constantFrom(undefined, null) : fc.constant(c),
  ),
});
/** Sockets opening, closing and having their scope re-read, then events to deliver. */
const scenarioArb = fc.record({
  membership: fc.array(fc.subarray(USERS), { minLength: CAMPAIGNS.length, maxLength: CAMPAIGNS.length }),
  opened: fc.array(viewerArb, { maxLength: 14 }),
  changes: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('close' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('rescope' as const), at: fc.nat(), scope: scopeArb }),
    ),
    { maxLength: 8 },
  ),
  events: fc.array(audienceArb, { minLength: 1, maxLength: 8 }),
});

// The seed whose scenarios reach every kind of audience member below (asserted, so coverage is not luck).
const SEED = 20261207;

describe('audience index', () => {
  it('delivers each event to exactly the sockets the brute-force rule picks, visits each once, and visits no one outside the audience', () => {
    const reached = { byId: 0, asMember: 0, scopedSupervisor: 0, supervisorOfAll: 0, administrator: 0 };
    fc.assert(
      fc.property(scenarioArb, ({ membership, opened, changes, events }) => {
        const members = new Map(CAMPAIGNS.map((c, i) => [c, new Set(membership[i])]));
        const membersOf = (c: string): ReadonlySet<string> => members.get(c) ?? new Set();
        const feed = new LiveFeed(10, membersOf);
        const index = new AudienceIndex<Socket>();
        const open = opened.map((viewer, name) => ({ name, viewer, visit: 0 }));
        for (const s of open) index.add(s);
        for (const change of changes) {
          if (open.length === 0) break;
          const s = open[change.at % open.length]!;
          if (change.kind === 'close') {
            index.remove(s);
            open.splice(open.indexOf(s), 1);
          } else {
            const previous = s.viewer;
            s.viewer = { ...previous, scope: change.scope };
            index.update(s, previous);
          }
        }
        for (const audience of events) {
          const expected = open.filter((s) => feed.sees(s.viewer, audience)).map((s) => s.name);
          const visited: Socket[] = [];
          index.forEachCandidate(audience, membersOf, (s) => visited.push(s));
          const names = visited.map((s) => s.name);
          expect(new Set(names).size, 'a socket visited twice').toBe(names.length);
          const delivered = visited.filter((s) => feed.sees(s.viewer, audience)).map((s) => s.name);
          expect(delivered.sort()).toEqual(expected.sort());
          // The only candidates `sees` turns away: staff who are also listed as members of the campaign.
          const turnedAway = visited.filter((s) => !feed.sees(s.viewer, audience));
          for (const s of turnedAway) {
            expect(s.viewer.role).not.toBe('agent');
            expect(membersOf(audience.campaignMembers ?? '').has(s.viewer.id)).toBe(true);
          }
          for (const s of visited.filter((v) => feed.sees(v.viewer, audience))) {
            const { role, scope, id } = s.viewer;
            if (audience.agentIds.includes(id)) reached.byId++;
            else if (role === 'agent') reached.asMember++;
            else if (role === 'administrator') reached.administrator++;
            else if (scope === 'all') reached.supervisorOfAll++;
            else reached.scopedSupervisor++;
          }
        }
        for (const s of open) index.remove(s);
        expect([index.filed, index.keys]).toEqual([0, 0]);
      }),
      { seed: SEED, numRuns: 150 },
    );
    for (const [kind, n] of Object.entries(reached)) expect(n, kind).toBeGreaterThan(0);
  });

  it("forgets a supervisor's old campaigns when the scope is re-read", () => {
    const index = new AudienceIndex<Socket>();
    const before: Viewer = { id: 's', role: 'supervisor', scope: new Set(['c0', 'c1']) };
    const s: Socket = { name: 0, viewer: before, visit: 0 };
    index.add(s);
    s.viewer = { ...before, scope: new Set(['c1']) };
    index.update(s, before);
    const of = (campaign: string) => {
      const seen: number[] = [];
      const audience = { agentIds: [], campaignMembers: null, staffCampaign: campaign };
      index.forEachCandidate(
        audience,
        () => new Set(),
        (c) => seen.push(c.name),
      );
      return seen;
    };
    expect([of('c0'), of('c1')]).toEqual([[], [0]]);
  });
});
