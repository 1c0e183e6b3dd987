// `npm run simulate -- <scenario.json> [--json]`: runs the routing engine in simulated time on a traffic
// scenario and prints service level, waits and occupancy. A bad scenario file exits with status 2 and
// a message naming the problem.
import { readFileSync } from 'node:fs';
import { formatResult, parseScenario, ScenarioError, simulate } from '@switchboard/core';

const USAGE = 'usage: npm run simulate -- <scenario.json> [--json]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const files = args.filter((a) => a !== '--json');
if (files.length !== 1 || files[0]!.startsWith('--')) fail(USAGE);
const file = files[0]!;

let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (error) {
  fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
}

let json: unknown;
try {
  json = JSON.parse(text);
} catch (error) {
  fail(`${file} is not valid JSON: ${(error as Error).message}`);
}

try {
  const result = simulate(parseScenario(json));
  process.stdout.write(asJson ? `${JSON.stringify(result, null, 2)}\n` : `${formatResult(result)}\n`);
} catch (error) {
  if (error instanceof ScenarioError) fail(`${file}: ${error.message}`);
  throw error;
}
