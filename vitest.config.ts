import { defineConfig } from 'vitest/config';

// Tests that run whole server processes against real time (kill a leader and wait for a successor, crash a
// process mid-write, bound a WAL while it grows): on two cores they must not share the CPU with other test
// files, or a starved child looks like a bug. They run one at a time after the parallel unit files.
const system = [
  'packages/server/src/cluster/failover.test.ts',
  'packages/server/src/cluster/redis-restart.test.ts',
  'packages/server/src/conversations/ingest/crash-durability.test.ts',
  'packages/server/src/conversations/outbox/crash-resend.test.ts',
  'packages/server/src/storage/wal-bound.test.ts',
  'scripts/cluster.test.ts',
];

// One runner for every package. Browser (e2e) tests live in packages/*/e2e and run in their own project, serially,
// with longer timeouts.
export default defineConfig({
  test: {
    // Most unit files wait on SQLite, PostgreSQL, sockets or timers rather than compute: three workers keep two
    // cores busy (Vitest's default on this machine is one worker, which ran every file in turn).
    maxWorkers: 3,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: [...system, 'packages/web/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'web',
          include: ['packages/web/src/**/*.test.ts', 'packages/web/src/**/*.test.tsx'],
          setupFiles: ['packages/web/src/test/setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'system',
          include: system,
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['packages/*/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
