// Runs Switchboard in its own process for the webhook-to-agent benchmark, so the load generator never
// shares its event loop. Configuration comes from the environment the benchmark passes (temp data dir,
// port 0, demo off, LOG_LEVEL=warn); the listening address is printed as one line `SB_URL <url>`.
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../packages/server/src/config/config';
import { startServer } from '../../packages/server/src/server';

const config = loadConfig(process.env, process.cwd());
const server = await startServer(config);
const address = server.app.server.address() as AddressInfo;
console.log(`SB_URL http://127.0.0.1:${address.port}`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  // The benchmark's sockets may still be open: the gateway closes them, then the app drains.
  await server.stop().catch((error: unknown) => console.error('stop failed', error));
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// The benchmark died without telling us: do not outlive it.
process.stdin.on('end', () => void stop());
process.stdin.resume();
