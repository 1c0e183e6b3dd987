// Replays the routing-decisions stream `passes` times, each on its own world built beforehand, for instruction
// counts under callgrind: (count at 3 passes) − (count at 1 pass) is exactly two warm passes, with nothing of
// the set-up in it (docs/performance.md, "Routing decisions").
//
//   valgrind --tool=callgrind node --import tsx bench/routing-decisions/passes.ts [events=40000] [passes=1]
import { STEP_MS, recordStream, world } from './world';

const events = recordStream(Number(process.argv[2] ?? 40_000));
const passes = Number(process.argv[3] ?? 1);
if (!(passes >= 1 && passes <= 3)) throw new Error(`passes must be 1, 2 or 3, got ${process.argv[3]}`);
const worlds = Array.from({ length: 3 }, () => world());
let decisions = 0;
for (let p = 0; p < passes; p++) {
  const { engine, now: start } = worlds[p]!;
  let now = start;
  for (const event of events) {
    now += STEP_MS;
    decisions += engine.apply(event, now).length;
  }
}
console.log(JSON.stringify({ events: events.length, passes, decisions }));
