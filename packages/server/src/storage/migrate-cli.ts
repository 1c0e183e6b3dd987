// `node --import tsx packages/server/src/storage/migrate-cli.ts`: migrates the configured database and exits.
// The server migrates on start too; this exists for deploy scripts and for the multi-process migration test.
import { loadConfig } from '../config/config';
import { openDatabase } from './database';
import { migrateToLatest } from './migrate';

const database = openDatabase(loadConfig());
try {
  const applied = await migrateToLatest(database);
  console.log(JSON.stringify({ applied }));
} finally {
  await database.close();
}
