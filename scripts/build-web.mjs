// Builds packages/web into packages/web/dist, but only when a source is newer than the last build,
// so that a second `npm start` does not pay for the build again.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('../packages/web/', import.meta.url));
const output = join(web, 'dist', 'index.html');
const inputs = ['src', 'index.html', 'vite.config.ts', 'postcss.config.mjs'].map((p) => join(web, p));

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const force = process.argv.includes('--force');
const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0;
const sourcesAt = Math.max(...inputs.map(newestMtime));

if (!force && builtAt > 0 && builtAt >= sourcesAt) {
  console.log('web: up to date (packages/web/dist)');
} else {
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`web: built packages/web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
