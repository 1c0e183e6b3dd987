// The live gateway's own cost per event, without the network: N stand-in sockets (default 10,000: 9,000 agents,
// 900 supervisors each scoped to one of 10 campaigns, 100 administrators) are filed into a LiveGateway in this
// process, and --events events are published for each audience shape: an agent's status (the agent and the
// administrators), a campaign's queue (its 100 members) and a campaign's staff monitor (its 90 supervisors and the
// administrators).
// A stand-in socket's `send` only counts, so the figure is what the gateway spends choosing the audience and
// serialising: CPU µs per event (process.cpuUsage) and the sockets reached.
//
// Same-run baseline: a bare loop that sends one pre-serialised frame to exactly the same sockets (the floor of
// any fan-out). `ratio` = gateway ÷ baseline CPU for the single agent's event, the case an O(all sockets)
// gateway loses most on.
//
// The sockets are filed by poking the gateway's private fields (the public path is a real WebSocket handshake,
// which the `sockets` benchmark measures); the stand-in carries the fields of the gateway both before and after
// the audience index (`connections` only, or `connections` + `audiences`), so an older checkout can be compared.
//
//   npm run bench -- live-fanout [--sockets 10000] [--events 2000]
import { loadavg } from 'node:os';
import type { LiveEventBody } from '@switchboard/protocol';
import { LiveGateway } from '../packages/server/src/live/live-gateway';
import type { Audience, Viewer } from '../packages/server/src/live/live-feed';
import { positiveInt } from './args';
import { report, round } from './stats';

const sockets = positiveInt('sockets', 10_000, 1_000_000);
const events = positiveInt('events', 2000, 1_000_000);
const CAMPAIGNS = 10;

interface StandIn {
  readyState: number;
  OPEN: number;
  sent: number;
  send(frame: unknown): void;
}
function standIn(): StandIn {
  return {
    readyState: 1,
    OPEN: 1,
    sent: 0,
    send() {
      this.sent++;
    },
  };
}

// Built with the gateway's defaults; only its delivery path runs, so the services it never calls are absent.
const gateway = new LiveGateway(
  undefined as never,
  undefined as never,
  undefined as never,
  undefined as never,
) as unknown as {
  connections: Set<unknown>;
  audiences?: { add(c: unknown): void };
  membership: Map<string, Set<string>>;
  publish(body: LiveEventBody, audience: Audience): void;
};

const all: { socket: StandIn; viewer: Viewer }[] = [];
const campaignOf = (i: number) => `c${i % CAMPAIGNS}`;
for (let i = 0; i < sockets; i++) {
  const kind = i % 100;
  const viewer: Viewer =
    kind === 0
      ? { id: `admin${i}`, role: 'administrator', scope: new Set() }
      : kind < 10
        ? { id: `sup${i}`, role: 'supervisor', scope: new Set([campaignOf(i)]) }
        : { id: `agent${i}`, role: 'agent', scope: new Set() };
  const session = { token: `t${i}`, tokenHash: `h${i}`, expiresAt: Infinity, connections: new Set() };
  const c = { socket: standIn(), viewer, session, visit: 0, held: null, heldAfter: null, generation: 0 };
  session.connections.add(c);
  gateway.connections.add(c);
  gateway.audiences?.add(c);
  all.push(c);
  if (viewer.role === 'agent') {
    let members = gateway.membership.get(campaignOf(i));
    if (!members) gateway.membership.set(campaignOf(i), (members = new Set()));
    // 100 members per campaign; the other agents belong to none.
    if (members.size < 100) members.add(viewer.id);
  }
}
const agents = all.filter((c) => c.viewer.role === 'agent');

const body = (n: number): LiveEventBody => ({
  type: 'inbox.changed',
  data: { interactionId: `i${n}`, campaignId: 'c0', status: 'waiting', ownerAgentId: null },
});
const shapes: { name: string; audience: (n: number) => Audience }[] = [
  {
    name: 'agentStatus',
    audience: (n) => ({ agentIds: [agents[n % agents.length]!.viewer.id], campaignMembers: null, staffCampaign: null }),
  },
  {
    name: 'campaignQueue',
    audience: (n) => ({ agentIds: [], campaignMembers: campaignOf(n), staffCampaign: undefined }),
  },
  { name: 'campaignStaff', audience: (n) => ({ agentIds: [], campaignMembers: null, staffCampaign: campaignOf(n) }) },
];

const sent = () => all.reduce((n, c) => n + c.socket.sent, 0);
const cpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

function measureGateway(shape: (typeof shapes)[number]) {
  for (let n = 0; n < 200; n++) gateway.publish(body(n), shape.audience(n)); // warm-up
  const before = sent();
  const cpu = cpuMicros();
  for (let n = 0; n < events; n++) gateway.publish(body(n), shape.audience(n));
  return { usPerEvent: round((cpuMicros() - cpu) / events, 2), socketsPerEvent: round((sent() - before) / events, 1) };
}

/** The floor: the event's sockets known in advance, one frame serialised per event and handed to each. */
function measureBare(shape: (typeof shapes)[number]) {
  const recipients = (a: Audience) => {
    const ids = new Set(a.agentIds);
    const members = a.campaignMembers === null ? undefined : gateway.membership.get(a.campaignMembers);
    return all.filter(
      (c) =>
        ids.has(c.viewer.id) ||
        (c.viewer.role === 'agent' && members?.has(c.viewer.id)) ||
        (a.staffCampaign !== undefined &&
          (c.viewer.role === 'administrator' ||
            (a.staffCampaign !== null && c.viewer.scope !== 'all' && c.viewer.scope.has(a.staffCampaign)))),
    );
  };
  const lists = Array.from({ length: CAMPAIGNS * 2 }, (_, n) => recipients(shape.audience(n)));
  const run = (count: number) => {
    for (let n = 0; n < count; n++) {
      const frame = Buffer.from(JSON.stringify({ seq: n, at: 0, ...body(n) }));
      for (const c of lists[n % lists.length]!) c.socket.send(frame);
    }
  };
  run(200); // warm-up
  const before = sent();
  const cpu = cpuMicros();
  run(events);
  return { usPerEvent: round((cpuMicros() - cpu) / events, 2), socketsPerEvent: round((sent() - before) / events, 1) };
}

const load = () => round(loadavg()[0]!, 2);
const loadBefore = load();
const gatewaySide = Object.fromEntries(shapes.map((s) => [s.name, measureGateway(s)]));
const bare = Object.fromEntries(shapes.map((s) => [s.name, measureBare(s)]));
for (const s of shapes)
  console.log(
    `${s.name}: gateway ${gatewaySide[s.name]!.usPerEvent} µs/event, bare ${bare[s.name]!.usPerEvent} µs/event, ${gatewaySide[s.name]!.socketsPerEvent} sockets/event`,
  );
report({
  bench: 'live-fanout',
  sockets,
  events,
  ...gatewaySide,
  loadAvg: [loadBefore, load()],
  baseline: bare,
  ratio: round(gatewaySide.agentStatus!.usPerEvent / bare.agentStatus!.usPerEvent, 2),
});
