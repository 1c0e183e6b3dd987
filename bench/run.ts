// `npm run bench` lists the benchmarks; `npm run bench -- <name> [args]` runs one.
// Each benchmark is bench/<name>.bench.ts and ends by printing one JSON line:
// {"bench": name, ...figures, "baseline": {...}, "ratio": n}.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const names = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();

const [name, ...rest] = process.argv.slice(2);
if (!name) {
  console.log('Benchmarks (run one with `npm run bench -- <name>`):');
  for (const n of names) console.log(`  ${n}`);
  process.exit(0);
}
if (!names.includes(name)) {
  console.error(`Unknown benchmark "${name}". Known: ${names.join(', ')}`);
  process.exit(2);
}
const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, `${name}.bench.ts`), ...rest], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
