// Instructions per message on the ingest → route → push path, counted by valgrind's callgrind in the Switchboard
// server process. Unlike CPU time, an instruction count repeats whatever else the machine is doing, so two commits
// can be compared to a few percent on a shared machine.
//
// The server (bench/webhook-to-agent/switchboard-server.ts of `--root`, default this checkout) runs under
// `valgrind --tool=callgrind --instr-atstart=no`: nothing is counted during start-up and set-up. The set-up is the
// webhook-to-agent one (a Direct API provider, one nocall campaign, `--agents` signed-in agents with a socket each,
// one conversation per agent). Then, closed loop with one message in flight (one message per transaction, so group
// commit batches the same way on every run): `--warmup` messages uncounted (the JIT tiers up), then `--messages`
// counted, each sent when the previous one was answered 200 and pushed to its agent's socket. Counting is switched
// on and off around that window with `callgrind_control`. A second window with no messages (as long, at most
// 60 s, scaled to the first) measures what the server does by itself (timers, the checkpoint worker); `net`
// subtracts it. The window's instructions are also split by function: V8's optimising compilers and garbage
// collector (they run when V8 decides, so they vary between runs even after the warm-up) and the steady rest
// (`steadyPerMessage`, the figure to compare between commits).
//
//   npm run bench -- instructions-per-message [--root /path/to/other/checkout] [--agents 20] [--messages 500]
//                                             [--warmup 300]
//
// Needs valgrind (callgrind, callgrind_control) on the PATH. Expect several minutes: callgrind runs the server about
// 50 times slower than normal.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { flag, positiveInt } from './args';
import type { Target } from './webhook-to-agent/load';
import { startProviderStub, switchboardEnv, type Child } from './webhook-to-agent/servers';
import { setupSwitchboard } from './webhook-to-agent/setup';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(flag('root') ?? join(here, '..'));
const agents = positiveInt('agents', 20, 200);
const messages = positiveInt('messages', 500, 100_000);
const warmup = positiveInt('warmup', 300, 100_000);
const log = (line: string) => console.log(line);

/** Starts the server of `root` under callgrind, counting nothing until told to. */
function spawnUnderCallgrind(outDir: string, env: Record<string, string | undefined>): Promise<Child> {
  const script = join(root, 'bench/webhook-to-agent/switchboard-server.ts');
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${join(outDir, 'callgrind.out.%p')}`,
      process.execPath,
      '--import',
      'tsx',
      script,
    ],
    { env, cwd: root, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.stderr!.resume();
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('server under callgrind did not start within 10 min')), 600_000);
    child.once('exit', (code) => reject(new Error(`server under callgrind exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^SB_URL (\S+)$/.exec(line);
      if (!m) return log(`[switchboard] ${line}`);
      clearTimeout(timer);
      const pid = child.pid!;
      resolvePromise({
        url: m[1]!,
        pid,
        stop: async () => {
          if (child.exitCode !== null) return;
          process.kill(pid, 'SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}

/**
 * vgdb finds the server by files named after the user and host in its environment, so callgrind_control runs
 * with the server's (whose HOST is its listening address). It exits 0 even when it reached no process: its
 * answer is checked.
 */
let serverEnv: Record<string, string | undefined> = {};
function control(pid: number, ...args: string[]): void {
  const env = { PATH: process.env.PATH, HOST: serverEnv.HOST, USER: serverEnv.USER, LOGNAME: serverEnv.LOGNAME };
  const out = execFileSync('callgrind_control', [...args, String(pid)], { env }).toString();
  if (!/OK/.test(out)) throw new Error(`callgrind_control ${args.join(' ')} ${pid}: ${out.trim()}`);
}

/** Counts instructions while `work` runs: zero, switch on, work, dump, switch off; the dump's `totals:` line. */
async function counted(
  pid: number,
  outDir: string,
  work: () => Promise<void>,
): Promise<{ total: number; file: string }> {
  const before = new Set(readdirSync(outDir));
  control(pid, '-i', 'on');
  control(pid, '-z');
  await work();
  control(pid, '-d');
  control(pid, '-i', 'off');
  // The dump is written by the server process when valgrind next gets to it: wait for the complete file.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const dump = readdirSync(outDir).find((f) => !before.has(f) && /\.\d+$/.test(f));
    const totals = dump ? /^totals:\s+(\d+)/m.exec(readFileSync(join(outDir, dump), 'utf8')) : null;
    if (dump && totals) return { total: Number(totals[1]), file: join(outDir, dump) };
    if (Date.now() > deadline)
      throw new Error(`callgrind wrote no complete dump in ${outDir}: ${readdirSync(outDir).join(', ')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Sends message `i` and resolves once it is answered 200 and pushed to the socket of its conversation's agent. */
function sender(target: Target, runId: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let waiting: { key: string; done: () => void } | null = null;
  target.fleet.onMessage = (key) => {
    if (waiting && waiting.key === key) {
      const w = waiting;
      waiting = null;
      w.done();
    }
  };
  return async (i: number): Promise<void> => {
    const conversation = target.conversations[i % target.conversations.length]!;
    const body = JSON.stringify({
      event: 'message',
      conversationId: conversation.externalId,
      messageId: `${runId}-${i}`,
      text: `message ${i}`,
    });
    const pushed = new Promise<void>((done) => (waiting = { key: conversation.key, done }));
    const answered = new Promise<void>((ok, fail) => {
      const req = request(
        target.webhook,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...target.headers },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? ok() : fail(new Error(`message ${i}: HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on('error', fail);
      req.end(body);
    });
    await Promise.all([answered, pushed]);
  };
}

/**
 * Where a window's instructions went, by function (callgrind_annotate): V8's optimising compilers and its garbage
 * collector, which run when V8 decides and so vary from run to run, and the rest (builtins, the runtime, JIT code,
 * SQLite, libc), the steady cost of the work itself.
 */
function breakdown(file: string): { compiler: number; gc: number; rest: number } {
  const out = execFileSync('callgrind_annotate', ['--threshold=100', file], {
    maxBuffer: 256 * 1024 * 1024,
  }).toString();
  const parts = { compiler: 0, gc: 0, rest: 0 };
  for (const line of out.split('\n')) {
    const m = /^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)$/.exec(line);
    if (!m || m[2]!.includes('PROGRAM TOTALS')) continue;
    const n = Number(m[1]!.replace(/,/g, ''));
    const name = m[2]!;
    if (/v8::internal::(compiler|maglev|baseline)::/.test(name)) parts.compiler += n;
    else if (GC.test(name)) parts.gc += n;
    else parts.rest += n;
  }
  return parts;
}

const GC =
  /v8::internal::(Heap|MarkCompact|Marking|ConcurrentMarking|MinorMarkCompact|Scavenger|ScavengerCollector|Sweeper|IncrementalMarking|GCTracer|PagedSpace|NewSpace|SemiSpace|ArrayBufferSweeper|RememberedSet|SlotSet)|MarkingVisitor|BodyDescriptor|IterateObjectCache|Scavenge|Sweep|Evacuat|MemoryChunkData|heap::base::|SizeFromMap|__popcountdi2|RelocIterator/;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-cg-'));
  const outDir = mkdtempSync(join(tmpdir(), 'sb-bench-cg-out-'));
  const stub = await startProviderStub();
  const adminPassword = randomBytes(12).toString('base64url');
  serverEnv = switchboardEnv(dataDir, adminPassword);
  const server = await spawnUnderCallgrind(outDir, serverEnv);
  try {
    log(`switchboard of ${root} under callgrind at ${server.url} (pid ${server.pid})`);
    const target = await setupSwitchboard(server, {
      agents,
      adminUsername: 'admin',
      adminPassword,
      providerDomain: stub.url,
      log,
    });
    const send = sender(target, randomBytes(4).toString('hex'));
    for (let i = 0; i < warmup; i++) await send(i);
    log(`warm-up: ${warmup} messages`);
    const started = Date.now();
    const window = await counted(server.pid, outDir, async () => {
      for (let i = 0; i < messages; i++) await send(warmup + i);
    });
    const busy = window.total;
    const parts = breakdown(window.file);
    const seconds = (Date.now() - started) / 1000;
    log(`counted: ${messages} messages in ${seconds.toFixed(1)} s, ${busy} instructions`);
    // What the server does by itself over that time (timers, the checkpoint worker), from a shorter idle window.
    const idleSeconds = Math.min(seconds, 60);
    const idleCounted = (await counted(server.pid, outDir, () => new Promise((r) => setTimeout(r, idleSeconds * 1000))))
      .total;
    const idle = Math.round((idleCounted * seconds) / idleSeconds);
    log(`idle for ${idleSeconds.toFixed(1)} s: ${idleCounted} instructions (${idle} over the counted window)`);
    await target.fleet.close();
    console.log(
      JSON.stringify({
        bench: 'instructions-per-message',
        root,
        commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim(),
        agents,
        warmup,
        messages,
        seconds: Math.round(seconds * 10) / 10,
        instructions: busy,
        idleInstructions: idle,
        perMessage: Math.round(busy / messages),
        netPerMessage: Math.round((busy - idle) / messages),
        // per message: V8's compilers and GC (vary between runs), and the steady rest
        compilerPerMessage: Math.round(parts.compiler / messages),
        gcPerMessage: Math.round(parts.gc / messages),
        steadyPerMessage: Math.round(parts.rest / messages),
      }),
    );
  } finally {
    await server.stop();
    await stub.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (!process.env.KEEP_CALLGRIND) rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
