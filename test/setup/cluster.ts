/**
 * Global setup of the `cluster` project (vitest.cluster.config.ts, `npm run test:cluster`): a real
 * three-node OpenSearch cluster on loopback. AGGPROXY_CLUSTER_URLS (comma-separated) names one you
 * run yourself; otherwise scripts/cluster.sh starts one on CLUSTER_PORT (19210..19212) and stops it
 * afterwards unless it was already running or AGGPROXY_KEEP_ENGINE=1.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { EngineClient } from '../../src/backend/engine-client.js';
import { detectEngine } from '../../src/server/engine-state.js';

declare module 'vitest' {
  export interface ProvidedContext {
    clusterUrls: string[];
    /** whether the tests may stop and restart nodes (only a cluster this setup started) */
    clusterOwned: boolean;
  }
}

const script = fileURLToPath(new URL('../../scripts/cluster.sh', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.AGGPROXY_CLUSTER_URLS;
  let urls: string[];
  let startedHere = false;
  if (given) urls = given.split(',');
  else {
    const wasRunning = spawnSync('bash', [script, 'status'], { stdio: 'ignore' }).status === 0;
    const r = spawnSync('bash', [script, 'start'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    if (r.status !== 0) throw new Error('could not start the three-node cluster (scripts/cluster.sh start failed; see above)');
    urls = r.stdout.trim().split('\n').pop()!.split(',');
    startedHere = !wasRunning;
  }
  const state = await detectEngine(new EngineClient(urls[0]!, 30_000));
  project.provide('clusterUrls', urls);
  project.provide('clusterOwned', !given);
  // the shared harness (startProxy) loads fixtures through the first node
  project.provide('engineUrl', urls[0]!);
  project.provide('engineFlavour', state.info.flavour);
  project.provide('engineVersion', state.info.version);
  project.provide('engineCaps', state.caps);
  return async () => {
    if (startedHere && process.env.AGGPROXY_KEEP_ENGINE !== '1') spawnSync('bash', [script, 'stop'], { stdio: 'inherit' });
  };
}
