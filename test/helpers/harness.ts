/**
 * End-to-end harness: loads fixtures into the run's engine under unique index names and serves a
 * real proxy (the same createApp as production) on an ephemeral port.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { inject } from 'vitest';
import { pino, type Logger } from 'pino';
import { buildConfig, type ConfigFile } from '../../src/catalog/config.js';
import { createApp, type App } from '../../src/server/app.js';
import { EngineClient } from '../../src/backend/engine-client.js';
import { loadIndex } from '../../src/demo/load.js';

export interface FixtureIndex {
  readonly dataset: string;
  readonly mapping: object;
  readonly docs: readonly object[];
  readonly shards?: number;
  readonly options?: Omit<ConfigFile['datasets'][string], 'index'>;
}

export interface Proxy {
  readonly base: string;
  readonly app: App;
  readonly engine: EngineClient;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export function engineUrl(): string {
  return inject('engineUrl');
}

let counter = 0;

export async function startProxy(fixtures: readonly FixtureIndex[], overrides: Partial<ConfigFile> = {}, logger: Logger = pino({ level: 'silent' })): Promise<Proxy> {
  const url = engineUrl();
  const engine = new EngineClient(url, 30_000);
  const run = `${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const datasets: ConfigFile['datasets'] = {};
  for (const f of fixtures) {
    const index = `t-${f.dataset.toLowerCase()}-${run}`;
    await loadIndex(engine, { index, mapping: f.mapping, docs: f.docs, shards: f.shards ?? 2 });
    datasets[f.dataset] = { index, ...f.options };
  }
  const config = buildConfig({ ...overrides, engine: { url, timeoutMs: 30_000, ...overrides.engine }, datasets }, {});
  const app = createApp(config, logger);
  const server: Server = await new Promise((resolve) => {
    const s = app.express.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    app,
    engine,
    async post(path, body, headers = {}) {
      const res = await fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    async close() {
      await new Promise((r) => server.close(r));
      for (const ds of Object.values(datasets)) await engine.request('DELETE', `/${ds.index}`).catch(() => undefined);
    },
  };
}
