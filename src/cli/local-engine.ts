/**
 * The engine for `npm start` and `npm run bench`: AGGPROXY_ENGINE_URL when given, else the local
 * engine that scripts/engine.sh starts (or finds already running): OpenSearch, or Elasticsearch with
 * AGGPROXY_ENGINE_FLAVOUR=elasticsearch. Exits with a message on failure.
 *
 * Why a file: the script's stdout once carried Maven's colour resets in front of the URL
 * (`\x1B[0m\x1B[0mhttp://…`, a TypeError in the client on a fresh machine). The script writes the
 * URL alone to ENGINE_URL_FILE, no tool it runs writes there, and the URL is checked strictly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from '../util/repo-root.js';

export type LocalFlavour = 'opensearch' | 'elasticsearch';

const ENGINE_URL = /^http:\/\/127\.0\.0\.1:[0-9]{1,5}$/;

/** The URL as the script wrote it, or an error naming exactly what was found instead. */
export function parseEngineUrl(text: string): string {
  const line = text.replace(/\n$/, '');
  if (!ENGINE_URL.test(line)) throw new Error(`scripts/engine.sh announced ${JSON.stringify(text)}, not an engine URL`);
  return line;
}

/** Runs `scripts/engine.sh start <flavour>` and returns the engine's URL; throws on failure. */
export function startLocalEngine(flavour: LocalFlavour): string {
  const dir = mkdtempSync(join(tmpdir(), 'aggproxy-engine-url-'));
  const file = join(dir, 'url');
  try {
    // stdout is not read at all: the script and the tools it runs print their progress on stderr
    const r = spawnSync('bash', [repoPath('scripts/engine.sh'), 'start', flavour], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, ENGINE_URL_FILE: file },
    });
    if (r.status !== 0) throw new Error(`could not start the local ${flavour} (scripts/engine.sh start ${flavour} failed; see the lines above)`);
    return parseEngineUrl(readFileSync(file, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function localEngineUrl(): string {
  if (process.env.AGGPROXY_ENGINE_URL) return process.env.AGGPROXY_ENGINE_URL;
  const flavour: LocalFlavour = process.env.AGGPROXY_ENGINE_FLAVOUR === 'elasticsearch' ? 'elasticsearch' : 'opensearch';
  try {
    return startLocalEngine(flavour);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
