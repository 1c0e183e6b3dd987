import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config/config';
import { startServer } from './server';

const webRoot = join(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

try {
  const config = loadConfig();
  const server = await startServer(config, { webRoot });
  const stop = async (signal: string) => {
    server.logger.info({ signal }, 'shutting down');
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error('Switchboard could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
}
