/**
 * The operational surface end to end, on the run's real engine: /metrics moves with requests (cache
 * hits and misses, composite pages, latency), request ids travel to the engine as X-Opaque-Id and
 * back as x-request-id, the request log carries them; /openapi.json and the reference page are served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { engineUrl, startProxy, type Proxy } from '../../helpers/harness.js';

const mapping = { properties: { cat: { type: 'keyword' }, n: { type: 'long' } } };
const docs = Array.from({ length: 40 }, (_, i) => ({ cat: `c${i % 12}`, n: i }));
const body = { aggregation_query: { groupby: [{ name: 'cat', field: 'cat', agg: 'category' }], metrics: [{ name: 'total', field: 'n', agg: 'sum' }] }, page_size: 50 };
const path = '/latest/datasets/things/aggregate';

interface Recorder {
  server: Server;
  url: string;
  opaqueIds: string[];
  /** while set, searches get their connection cut: an unreachable engine on demand */
  cutSearches: boolean;
}

/** A pass-through in front of the real engine that notes each request's X-Opaque-Id. */
function recorder(target: string): Promise<Recorder> {
  const up = new URL(target);
  const rec: Recorder = { server: undefined as unknown as Server, url: '', opaqueIds: [], cutSearches: false };
  rec.server = createServer((req, res) => {
    const id = req.headers['x-opaque-id'];
    if (typeof id === 'string') rec.opaqueIds.push(id);
    if (rec.cutSearches && req.url?.includes('/_search')) {
      req.socket.destroy();
      return;
    }
    const fwd = httpRequest({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    fwd.on('error', () => res.destroy());
    req.pipe(fwd);
  });
  return new Promise((resolve) =>
    rec.server.listen(0, '127.0.0.1', () => {
      rec.url = `http://127.0.0.1:${(rec.server.address() as AddressInfo).port}`;
      resolve(rec);
    }),
  );
}

/** The sum of a metric's samples whose labels include all of `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    if (Object.entries(labels).every(([k, v]) => (m[2] ?? '').includes(`${k}="${v}"`))) sum += Number(m[3]);
  }
  return sum;
}

let proxy: Proxy;
let rec: Recorder;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  rec = await recorder(engineUrl());
  const logger = pino({ level: 'info' }, { write: (s: string) => void logLines.push(JSON.parse(s) as Record<string, unknown>) });
  proxy = await startProxy([{ dataset: 'things', mapping, docs }], { engine: { url: rec.url, timeoutMs: 30_000 }, limits: { compositePageSize: 5 } }, logger);
});
afterAll(async () => {
  await proxy?.close();
  await new Promise((r) => rec?.server.close(r));
});

const metrics = async (): Promise<string> => {
  const res = await fetch(`${proxy.base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
};

describe('/metrics', () => {
  it('counts requests, cache misses then hits, composite pages and engine time', async () => {
    const before = await metrics();
    const first = await proxy.post(path, body);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-aggproxy-cache')).toBe('miss');
    const second = await proxy.post(path, body);
    expect(second.headers.get('x-aggproxy-cache')).toBe('hit');
    const bypass = await proxy.post(path, body, { 'x-aggproxy-cache': 'bypass' });
    expect(bypass.headers.get('x-aggproxy-cache')).toBe('bypass');
    const after = await metrics();
    const d = (name: string, labels: Record<string, string> = {}): number => sample(after, name, labels) - sample(before, name, labels);
    const route = { dialect: 'relevance-ai', route: '/latest/datasets/:id/aggregate' };
    expect(d('aggproxy_http_requests_total', { ...route, status: '200' })).toBe(3);
    expect(d('aggproxy_cache_requests_total', { dialect: 'relevance-ai', result: 'miss' })).toBe(1);
    expect(d('aggproxy_cache_requests_total', { dialect: 'relevance-ai', result: 'hit' })).toBe(1);
    expect(d('aggproxy_cache_requests_total', { dialect: 'relevance-ai', result: 'bypass' })).toBe(1);
    // 12 groups in pages of 5: 3 full or partial pages and the empty one, for the miss and the bypass
    expect(d('aggproxy_composite_pages_total', { dialect: 'relevance-ai' })).toBe(8);
    expect(d('aggproxy_http_request_duration_seconds_count', route)).toBe(3);
    // the hit never reached the engine
    expect(d('aggproxy_engine_duration_seconds_count', { dialect: 'relevance-ai' })).toBe(2);
    expect(sample(after, 'aggproxy_cache_entries', { store: 'tables' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'aggproxy_cache_bytes', { store: 'tables' })).toBeGreaterThan(0);
    expect(sample(after, 'aggproxy_http_requests_in_flight')).toBe(1); // this /metrics request itself
    expect(after).toContain('process_resident_memory_bytes');
    expect(after).toContain('nodejs_eventloop_lag_seconds');
  });

  it('counts engine errors by kind', async () => {
    const labels = { dialect: 'relevance-ai', kind: 'engine_unavailable' };
    const before = sample(await metrics(), 'aggproxy_engine_errors_total', labels);
    rec.cutSearches = true;
    const res = await proxy.post(path, body, { 'x-aggproxy-cache': 'bypass' }).finally(() => (rec.cutSearches = false));
    expect(res.status).toBe(502);
    expect(sample(await metrics(), 'aggproxy_engine_errors_total', labels) - before).toBeGreaterThanOrEqual(1);
    expect(sample(await metrics(), 'aggproxy_http_requests_total', { dialect: 'relevance-ai', status: '502' })).toBe(1);
  });
});

describe('request ids', () => {
  it('keeps a sane client id, sends it to the engine as X-Opaque-Id and logs it with dialect, dataset, cache and engine ms', async () => {
    const id = `ops-test-${Date.now()}`;
    const res = await proxy.post(path, body, { 'x-request-id': id, 'x-aggproxy-cache': 'bypass' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(id);
    expect(rec.opaqueIds).toContain(id);
    const line = logLines.find((l) => l.reqId === id);
    expect(line).toMatchObject({ msg: 'request', status: 200, dialect: 'relevance-ai', dataset: 'things', cache: 'bypass', path });
    expect(line!.engineMs).toBeTypeOf('number');
  });

  it('replaces an id that is not a plain token', async () => {
    const res = await proxy.post(path, body, { 'x-request-id': 'bad id with spaces and "quotes"' });
    const got = res.headers.get('x-request-id');
    expect(got).toMatch(/^[0-9a-f-]{36}$/);
    const plain = await fetch(`${proxy.base}/healthz`);
    expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('/openapi.json and the reference page', () => {
  it('serves the document', async () => {
    const res = await fetch(`${proxy.base}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/druid/v2');
  });

  it('serves the rendered reference with its script and style assets, no external host', async () => {
    const res = await fetch(`${proxy.base}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(expect.arrayContaining(['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css', '/docs/reference.js']));
    for (const a of assets) {
      const r = await fetch(proxy.base + a);
      expect(r.status, a).toBe(200);
      expect((await r.text()).length, a).toBeGreaterThan(50);
    }
    expect(await (await fetch(`${proxy.base}/docs/reference.js`)).text()).toContain("url: '/openapi.json'");
    expect((await fetch(`${proxy.base}/docs/assets/nope.js`)).status).toBe(404);
  });
});
