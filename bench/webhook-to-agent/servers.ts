// Child processes for the benchmark's servers, and the stand-in for HeyNow's side of the Direct API.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createInterface } from 'node:readline';

export interface Child {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The environment every benchmark gives a Switchboard server process: its own data directory, no demo, a
 * known administrator, a sign-in limit the set-up cannot hit, and provider doubles on loopback allowed.
 */
export function switchboardEnv(
  dataDir: string,
  adminPassword: string,
  extra: Record<string, string> = {},
): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    SWITCHBOARD_DATA_DIR: dataDir,
    SWITCHBOARD_DEMO: 'false',
    SWITCHBOARD_ADMIN_USERNAME: 'admin',
    SWITCHBOARD_ADMIN_PASSWORD: adminPassword,
    SWITCHBOARD_LOGIN_LIMIT: '10000',
    // The benchmarks' HeyNow doubles listen on loopback.
    SWITCHBOARD_OUTBOUND_ALLOWLIST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** Runs `node [...nodeArgs] --import tsx <script> ...args` and resolves once it printed `SB_URL <url>`. */
export function spawnServer(
  name: string,
  script: string,
  args: string[],
  nodeArgs: string[],
  env: Record<string, string | undefined>,
): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], {
    env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within 60 s`));
    }, 60_000);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before listening`)));
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^SB_URL (\S+)$/.exec(line);
      if (!m) return console.log(`[${name}] ${line}`);
      clearTimeout(timer);
      resolve({
        url: m[1]!,
        pid: child.pid!,
        stop: async () => {
          if (child.exitCode !== null) return;
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}

/**
 * HeyNow's side, as far as the benchmark needs it: the server sends `attended` and the welcome text to the
 * provider's domain when a hand-off is assigned. Everything is answered 200 with a message id, so the outbox
 * has nothing to retry during the measured runs.
 */
export function startProviderStub(): Promise<{ url: string; received: () => number; close(): Promise<void> }> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId: `stub-out-${n}` }));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address && typeof address === 'object' ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        received: () => n,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
