/**
 * The engine for `npm start` and `npm run bench`: AGGPROXY_ENGINE_URL when given, else the local
 * engine that scripts/engine.sh starts (or finds already running): OpenSearch, or Elasticsearch with
 * AGGPROXY_ENGINE_FLAVOUR=elasticsearch. Exits with a message on failure.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/engine.sh', import.meta.url));

export function localEngineUrl(): string {
  if (process.env.AGGPROXY_ENGINE_URL) return process.env.AGGPROXY_ENGINE_URL;
  const flavour = process.env.AGGPROXY_ENGINE_FLAVOUR === 'elasticsearch' ? 'elasticsearch' : 'opensearch';
  const r = spawnSync('bash', [script, 'start', flavour], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`could not start the local ${flavour} (see the lines above)`);
    process.exit(1);
  }
  return r.stdout.trim().split('\n').pop() as string;
}
