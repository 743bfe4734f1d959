/**
 * Starts the real engine once per test run. Order of preference:
 * 1. AGGPROXY_ENGINE_URL: an engine you run yourself;
 * 2. a Docker engine and the optional `testcontainers` package: an OpenSearch container;
 * 3. scripts/engine.sh: OpenSearch assembled from Maven Central, run as a local process.
 * Stops only what it started.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    engineUrl: string;
  }
}

const repo = fileURLToPath(new URL('../..', import.meta.url));
const OPENSEARCH_IMAGE = 'opensearchproject/opensearch:2.19.5';

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

interface Container {
  stop(): Promise<unknown>;
}

async function viaTestcontainers(): Promise<{ url: string; stop: () => Promise<void> } | undefined> {
  if (!existsSync('/var/run/docker.sock') && !process.env.DOCKER_HOST) return undefined;
  const moduleName = 'testcontainers';
  // optional: only used when installed (npm i -D testcontainers) and a Docker engine answers
  const tc = (await import(moduleName).catch(() => undefined)) as
    | { GenericContainer: new (image: string) => Record<string, (...a: unknown[]) => unknown> }
    | undefined;
  if (!tc) return undefined;
  try {
    const c = new tc.GenericContainer(OPENSEARCH_IMAGE) as unknown as {
      withEnvironment(e: Record<string, string>): typeof c;
      withExposedPorts(p: number): typeof c;
      start(): Promise<Container & { getHost(): string; getMappedPort(p: number): number }>;
    };
    const started = await c
      .withEnvironment({ 'discovery.type': 'single-node', DISABLE_SECURITY_PLUGIN: 'true', OPENSEARCH_JAVA_OPTS: '-Xms512m -Xmx512m' })
      .withExposedPorts(9200)
      .start();
    const url = `http://${started.getHost()}:${started.getMappedPort(9200)}`;
    for (let i = 0; i < 120 && !(await healthy(url)); i++) await new Promise((r) => setTimeout(r, 1000));
    return { url, stop: async () => void (await started.stop()) };
  } catch {
    return undefined;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.AGGPROXY_ENGINE_URL;
  if (given) {
    project.provide('engineUrl', given);
    return async () => {};
  }
  const docker = await viaTestcontainers();
  if (docker) {
    project.provide('engineUrl', docker.url);
    return docker.stop;
  }
  const script = `${repo}scripts/engine.sh`;
  const url = spawnSync('bash', [script, 'url'], { encoding: 'utf8' }).stdout.trim();
  const wasRunning = await healthy(url);
  const r = spawnSync('bash', [script, 'start'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error('could not start the local OpenSearch (scripts/engine.sh start failed; see above)');
  project.provide('engineUrl', url);
  return async () => {
    if (!wasRunning && process.env.AGGPROXY_KEEP_ENGINE !== '1') spawnSync('bash', [script, 'stop'], { stdio: 'inherit' });
  };
}
