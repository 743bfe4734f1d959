/**
 * Builds the playground into playground/dist with Vite, unless the sources did not change since the
 * last build (a stamp holds their digest): `npm start`, `npm run serve` and the test run call it, so
 * it must be cheap when there is nothing to do. The new build is written beside dist and renamed
 * into place, so concurrent callers (two test projects) never see half a build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const dist = join(root, 'dist');
const STAMP = '.source-digest';

function files(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** the sources, the build configuration and the locked versions of what is bundled */
function digest(): string {
  const h = createHash('sha256');
  const lock = join(root, '..', 'package-lock.json');
  for (const f of [...files(join(root, 'src')), join(root, 'index.html'), join(root, 'vite.config.ts'), ...(existsSync(lock) ? [lock] : [])]) {
    h.update(f.slice(root.length)).update('\0').update(readFileSync(f)).update('\0');
  }
  return h.digest('hex');
}

export async function buildPlayground(): Promise<'built' | 'up to date'> {
  const want = digest();
  const stamp = join(dist, STAMP);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want && existsSync(join(dist, 'index.html'))) return 'up to date';
  const tmp = join(root, `.dist-${process.pid}-${Date.now().toString(36)}`);
  try {
    await build({ configFile: join(root, 'vite.config.ts'), build: { outDir: tmp, emptyOutDir: true } });
    writeFileSync(join(tmp, STAMP), want);
    const old = `${tmp}-old`;
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(tmp, dist);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return 'built';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const result = await buildPlayground();
  console.log(`playground ${result} (playground/dist, ${Date.now() - started} ms)`);
}
