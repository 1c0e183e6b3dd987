/**
 * Mock HeyNow from the command line (tests, demos, load):
 *
 *   node --import tsx packages/server/src/mock-heynow/cli.ts \
 *     --port 4010 --target http://127.0.0.1:3000 --provider-id <id> --partner-token-file ./token.txt \
 *     [--platform-id 59800000000] [--auth hmac|token] [--username u --password-file p.txt] \
 *     [--rate 2 --duration-ms 60000 --messages 3 --leave]
 *
 * Settings come from flags only (configuration is read from the environment in config/ alone). Prefer the
 * *-file flags for secrets: argv is visible to other users of the machine.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createMockHeyNow } from './mock-heynow';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    target: { type: 'string', default: 'http://127.0.0.1:3000' },
    'provider-id': { type: 'string' },
    'partner-token': { type: 'string' },
    'partner-token-file': { type: 'string' },
    'platform-id': { type: 'string', default: '59800000000' },
    auth: { type: 'string', default: 'hmac' },
    username: { type: 'string' },
    password: { type: 'string' },
    'password-file': { type: 'string' },
    rate: { type: 'string' },
    'duration-ms': { type: 'string', default: '60000' },
    messages: { type: 'string', default: '1' },
    leave: { type: 'boolean', default: false },
  },
});

function secret(inline: string | undefined, file: string | undefined): string | undefined {
  if (file) return readFileSync(file, 'utf8').trim();
  return inline;
}

const partnerToken = secret(values['partner-token'], values['partner-token-file']);
const password = secret(values.password, values['password-file']);
const providerId = values['provider-id'];
const target =
  providerId && partnerToken
    ? {
        baseUrl: values.target,
        providerId,
        partnerToken,
        auth: values.auth === 'token' ? ('token' as const) : ('hmac' as const),
      }
    : undefined;

const mock = createMockHeyNow({
  port: Number(values.port),
  host: values.host,
  platformId: values['platform-id'],
  ...(target ? { target } : {}),
  ...(partnerToken ? { partnerToken } : {}),
  ...(values.username && password ? { client: { username: values.username, password } } : {}),
});

const url = await mock.start();
process.stdout.write(
  `mock HeyNow listening on ${url}${target ? `, posting to ${target.baseUrl}/webhooks/heynow/${target.providerId}` : ' (receive only: no --provider-id/--partner-token)'}\n`,
);

const stop = async () => {
  await mock.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

if (values.rate) {
  if (!target) throw new Error('--rate needs --provider-id and --partner-token(-file)');
  const summary = await mock.scriptedCustomers({
    ratePerSecond: Number(values.rate),
    durationMs: Number(values['duration-ms']),
    messagesPerCustomer: Number(values.messages),
    leave: values.leave,
  });
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
