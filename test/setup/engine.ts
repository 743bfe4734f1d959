/**
 * Starts one real engine per test project and run (the `opensearch` and `elasticsearch` projects of
 * vitest.config.ts; the `unit` project needs none). Order of preference, per flavour:
 * 1. AGGPROXY_OPENSEARCH_URL / AGGPROXY_ELASTICSEARCH_URL (AGGPROXY_ENGINE_URL for OpenSearch too):
 *    an engine you run yourself;
 * 2. a Docker engine and the optional `testcontainers` package: a container;
 * 3. scripts/engine.sh: the engine assembled from Maven Central, run as a local process.
 * Stops only what it started. The engine's detected capabilities are handed to the tests, so a case
 * that needs one the engine lacks is declared not applicable (test/helpers/engine.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import type { Capabilities, Flavour } from '../../src/backend/capabilities.js';
import { EngineClient } from '../../src/backend/engine-client.js';
import { detectEngine, type EngineState } from '../../src/server/engine-state.js';
import { parseEngineUrl, startLocalEngine } from '../../src/cli/local-engine.js';

declare module 'vitest' {
  export interface ProvidedContext {
    engineUrl: string;
    engineFlavour: Flavour;
    engineVersion: string;
    engineCaps: Capabilities;
  }
}

const repo = fileURLToPath(new URL('../..', import.meta.url));
const IMAGES: Record<Flavour, { image: string; env: Record<string, string> }> = {
  opensearch: {
    image: 'opensearchproject/opensearch:2.19.5',
    env: { 'discovery.type': 'single-node', DISABLE_SECURITY_PLUGIN: 'true', OPENSEARCH_JAVA_OPTS: '-Xms512m -Xmx512m' },
  },
  elasticsearch: {
    image: 'elasticsearch:8.19.7',
    env: { 'discovery.type': 'single-node', 'xpack.security.enabled': 'false', ES_JAVA_OPTS: '-Xms512m -Xmx512m' },
  },
};

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

interface Started {
  readonly url: string;
  stop(): Promise<void>;
}

async function viaTestcontainers(flavour: Flavour): Promise<Started | undefined> {
  if (!existsSync('/var/run/docker.sock') && !process.env.DOCKER_HOST) return undefined;
  const moduleName = 'testcontainers';
  // optional: only used when installed (npm i -D testcontainers) and a Docker engine answers
  const tc = (await import(moduleName).catch(() => undefined)) as
    | { GenericContainer: new (image: string) => Record<string, (...a: unknown[]) => unknown> }
    | undefined;
  if (!tc) return undefined;
  try {
    const c = new tc.GenericContainer(IMAGES[flavour].image) as unknown as {
      withEnvironment(e: Record<string, string>): typeof c;
      withExposedPorts(p: number): typeof c;
      start(): Promise<{ stop(): Promise<unknown>; getHost(): string; getMappedPort(p: number): number }>;
    };
    const started = await c.withEnvironment(IMAGES[flavour].env).withExposedPorts(9200).start();
    const url = `http://${started.getHost()}:${started.getMappedPort(9200)}`;
    for (let i = 0; i < 120 && !(await healthy(url)); i++) await new Promise((r) => setTimeout(r, 1000));
    return { url, stop: async () => void (await started.stop()) };
  } catch {
    return undefined;
  }
}

async function viaScript(flavour: Flavour): Promise<Started> {
  const script = `${repo}scripts/engine.sh`;
  // `url` runs no tool, so its one stdout line is the URL; it is still parsed strictly
  const wasRunning = await healthy(parseEngineUrl(spawnSync('bash', [script, 'url', flavour], { encoding: 'utf8' }).stdout));
  const url = startLocalEngine(flavour);
  return {
    url,
    stop: async () => {
      if (!wasRunning && process.env.AGGPROXY_KEEP_ENGINE !== '1') spawnSync('bash', [script, 'stop', flavour], { stdio: 'inherit' });
    },
  };
}

function givenUrl(flavour: Flavour): string | undefined {
  return flavour === 'opensearch'
    ? (process.env.AGGPROXY_OPENSEARCH_URL ?? process.env.AGGPROXY_ENGINE_URL)
    : process.env.AGGPROXY_ELASTICSEARCH_URL;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const flavour = project.name as Flavour;
  if (flavour !== 'opensearch' && flavour !== 'elasticsearch') throw new Error(`engine setup in project '${project.name}'`);
  const given = givenUrl(flavour);
  const started: Started = given ? { url: given, stop: async () => {} } : ((await viaTestcontainers(flavour)) ?? (await viaScript(flavour)));
  let state: EngineState;
  try {
    state = await detectEngine(new EngineClient(started.url, 30_000));
  } catch (e) {
    await started.stop();
    throw e;
  }
  if (state.info.flavour !== flavour) throw new Error(`${started.url} is ${state.info.flavour}, not ${flavour}`);
  project.provide('engineUrl', started.url);
  project.provide('engineFlavour', state.info.flavour);
  project.provide('engineVersion', state.info.version);
  project.provide('engineCaps', state.caps);
  return () => started.stop();
}
