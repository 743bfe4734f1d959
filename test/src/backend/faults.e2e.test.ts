/**
 * Engine faults through a real proxy, on the real engine behind a fault-injecting stand-in
 * (test/helpers/fault-engine.ts) for what an engine cannot be made to do on demand. Every fault is
 * an error in the dialect's own shape (never a partial or empty answer), carries a stable message
 * with a request id (engine internals only in the log), is never cached, and the next request after
 * the fault answers correctly. Deadlines are one per client request; retries happen only after a
 * failed connection.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { startProxy, engineUrl, type Proxy } from '../../helpers/harness.js';
import { startFaultEngine, type FaultEngine } from '../../helpers/fault-engine.js';

const COUNTRIES = ['France', 'Spain', 'Italy', 'Germany', 'Portugal', 'Austria'];
const docs = Array.from({ length: 60 }, (_, i) => ({
  id: `d${i}`,
  country: COUNTRIES[i % COUNTRIES.length],
  amount: (i * 7) % 23,
  day: `2024-01-${String((i % 28) + 1).padStart(2, '0')}T00:00:00Z`,
}));
const mapping = { properties: { id: { type: 'keyword' }, country: { type: 'keyword' }, amount: { type: 'double' }, day: { type: 'date' } } };
/** the answer, computed by plain code */
const expected = new Map(COUNTRIES.map((c) => [c, docs.filter((d) => d.country === c).reduce((s, d) => s + d.amount, 0)]));

const REL = '/latest/datasets/sales/aggregate';
const relBody = { aggregation_query: { groupby: [{ name: 'country', field: 'country', agg: 'category' }], metrics: [{ name: 'total', field: 'amount', agg: 'sum' }] }, page_size: 50 };

/** One request per dialect, and where its error message lives. */
const DIALECTS: { name: string; path: string; body: unknown; message: (b: any) => string }[] = [
  { name: 'relevance-ai', path: REL, body: relBody, message: (b) => b.message },
  {
    name: 'druid',
    path: '/druid/v2',
    body: { queryType: 'groupBy', dataSource: 'sales', intervals: ['2020-01-01/2030-01-01'], granularity: 'all', dimensions: ['country'], aggregations: [{ type: 'doubleSum', name: 'total', fieldName: 'amount' }] },
    message: (b) => b.errorMessage,
  },
  { name: 'opendatasoft', path: '/api/v2/datasets/sales/aggregate', body: { aggregations: { a: { group_by: ['country'], aggregates: { total: 'SUM(amount)' } } } }, message: (b) => b.message },
  { name: 'nue-graphql', path: '/graphql', body: { query: '{ aggregate_sales(groupBy: [country]) { country sum(field: amount) } }' }, message: (b) => b.errors[0].message },
  { name: 'shopware', path: '/api/search/sales', body: { limit: 1, aggregations: [{ name: 'c', type: 'terms', field: 'country' }] }, message: (b) => b.errors[0].detail },
];

const logLines: string[] = [];
const logger = pino(
  { level: 'warn' },
  new Writable({
    write(chunk: Buffer, _enc, cb) {
      logLines.push(chunk.toString('utf8'));
      cb();
    },
  }),
);

let faults: FaultEngine;
let proxy: Proxy;
let paged: Proxy;
beforeAll(async () => {
  faults = await startFaultEngine(engineUrl());
  const fixture = [{ dataset: 'sales', mapping, docs, options: { timeField: 'day', idField: 'id' } }];
  proxy = await startProxy(fixture, { engine: { url: faults.url, timeoutMs: 1500 } }, logger);
  // one group a page: six pages for the six countries
  paged = await startProxy(fixture, { engine: { url: faults.url, timeoutMs: 1500 }, limits: { compositePageSize: 1 } }, logger);
});
afterEach(() => {
  faults.clear();
  proxy.app.cache.clear();
  logLines.length = 0;
});
afterAll(async () => {
  await proxy?.close();
  await paged?.close();
  await faults?.close();
});

const bypass = { 'x-aggproxy-cache': 'bypass' };

/** How many searches a request makes when nothing goes wrong (a fault-free recording). */
async function searchesOf(p: Proxy, path: string, body: unknown): Promise<number> {
  faults.inject({ kind: 'delay', ms: 0 });
  await p.post(path, body, bypass);
  const n = faults.seen.length;
  faults.clear();
  return n;
}

function expectRight(body: { results: { country: string; total: number }[] }): void {
  expect(new Map(body.results.map((r) => [r.country, r.total]))).toEqual(expected);
}

/** A stable message naming the request id the response header gives, and none of the engine's text. */
function expectStable(res: { headers: Headers }, message: string): void {
  const id = res.headers.get('x-request-id');
  expect(id).toBeTruthy();
  expect(message).toContain(`request id ${id}`);
  expect(message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|exception|\[object Object\]|Text fields/);
}

describe('engine faults', () => {
  it('answers correctly through the stand-in when nothing is injected', async () => {
    const res = await proxy.post(REL, relBody, bypass);
    expect(res.status).toBe(200);
    expectRight(res.body);
  });

  it('a hanging engine: 504 after one attempt, never retried; the engine was told the time left', async () => {
    faults.inject({ kind: 'hang' });
    const res = await proxy.post(REL, relBody, bypass);
    expect(res.status).toBe(504);
    expect(res.headers.get('x-aggproxy-cache')).toBe('bypass');
    expect(faults.seen).toHaveLength(1);
    const timeout = (faults.seen[0]!.body as { timeout?: string }).timeout;
    expect(timeout).toMatch(/^\d+ms$/);
    expect(parseInt(timeout!, 10)).toBeLessThanOrEqual(1500);
  });

  it('one deadline for all composite pages: slow pages add up to a 504, not a 200 after several deadlines', async () => {
    // six pages of at least 400 ms each cannot fit in 1500 ms; a fresh deadline a page would answer 200
    faults.inject({ kind: 'delay', ms: 400 });
    const res = await paged.post(REL, relBody, bypass);
    expect(res.status).toBe(504);
    expect(faults.seen.length).toBeLessThan(6);
    // later pages are told less time than the first
    const told = faults.seen.map((s) => parseInt((s.body as { timeout: string }).timeout, 10));
    expect(told[told.length - 1]).toBeLessThan(told[0]!);
  });

  it("Druid's context.timeout is one deadline for the whole query", async () => {
    faults.inject({ kind: 'hang' });
    const druid = DIALECTS.find((d) => d.name === 'druid')!;
    const res = await proxy.post(druid.path, { ...(druid.body as object), context: { timeout: 700 } }, bypass);
    expect(res.status).toBe(504);
    expect(res.body).toMatchObject({ error: 'Query timeout', errorClass: 'org.apache.druid.query.QueryTimeoutException' });
    expect(faults.seen).toHaveLength(1);
    expect(parseInt((faults.seen[0]!.body as { timeout: string }).timeout, 10)).toBeLessThanOrEqual(700);
  });

  it('a connection reset before any answer is retried once, within the deadline, and answers correctly', async () => {
    const normally = await searchesOf(proxy, REL, relBody);
    faults.inject({ kind: 'reset' }, { times: 1 });
    const res = await proxy.post(REL, relBody, bypass);
    expect(res.status).toBe(200);
    expectRight(res.body);
    expect(faults.seen).toHaveLength(normally + 1);
  });

  it.each([
    ['429', 429, { error: { type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation' }, status: 429 }, 429],
    ['a circuit breaker', 429, { error: { type: 'circuit_breaking_exception', reason: '[parent] Data too large', bytes_wanted: 1, bytes_limit: 1 }, status: 429 }, 503],
    ['503', 503, { error: { type: 'cluster_block_exception', reason: 'blocked by: [SERVICE_UNAVAILABLE/1/state not recovered]' }, status: 503 }, 503],
  ])('engine %s: %#, answered with Retry-After and not retried', async (_name, status, body, answered) => {
    for (const d of DIALECTS) {
      const normally = await searchesOf(proxy, d.path, d.body);
      faults.inject({ kind: 'status', status, body, headers: { 'retry-after': '3' } });
      const res = await proxy.post(d.path, d.body, bypass);
      expect(faults.seen.length).toBeLessThanOrEqual(normally);
      const want = d.name === 'nue-graphql' ? 503 : answered;
      expect([d.name, res.status]).toEqual([d.name, want]);
      expect(res.headers.get('retry-after')).toBe('3');
      expectStable(res, d.message(res.body));
    }
  });

  it.each([
    ['a 500', { kind: 'status', status: 500, body: { error: { type: 'script_exception', reason: 'runtime error', script: 'doc.secret' }, status: 500 } }],
    ['malformed JSON', { kind: 'malformed' }],
    ['a socket cut mid-body', { kind: 'cut' }],
    ['an answer without aggregations', { kind: 'no-aggregations' }],
    ['a shard failure', { kind: 'shard-failure' }],
  ] as const)('%s is a 502 in every dialect, never an empty or partial answer, and never cached', async (_name, fault) => {
    for (const d of DIALECTS) {
      faults.inject(fault);
      const res = await proxy.post(d.path, d.body);
      expect([d.name, res.status]).toEqual([d.name, 502]);
      expect(res.headers.get('x-aggproxy-cache')).toBe('miss');
      expectStable(res, d.message(res.body));
      // the engine is fine again: the same request answers from the engine, not from a cached error or empty result
      faults.clear();
      const again = await proxy.post(d.path, d.body);
      expect([d.name, again.status, again.headers.get('x-aggproxy-cache')]).toEqual([d.name, 200, 'miss']);
    }
  });

  it('logs shard failure reasons from their objects, under the request id', async () => {
    faults.inject({ kind: 'shard-failure' });
    const res = await proxy.post(REL, relBody, bypass);
    expect(res.status).toBe(502);
    const log = logLines.join('\n');
    expect(log).toMatch(/1 of 2 shards failed: \[t-sales-[^\]]+\]\[1\] illegal_argument_exception: Text fields are not optimised/);
    expect(log).not.toContain('[object Object]');
    expect(log).toContain(res.headers.get('x-request-id')!);
  });

  it('an unreachable engine: a stable message; the address is in the log only', async () => {
    const gone = await startProxy([], { engine: { url: 'http://127.0.0.1:1', timeoutMs: 2000 } }, logger);
    try {
      const ready = await fetch(`${gone.base}/readyz`);
      const r = (await ready.json()) as { reason: string };
      expect(ready.status).toBe(503);
      expect(r.reason).toMatch(/^Search engine unavailable/);
      expectStable(ready, r.reason);
      expect(logLines.join('\n')).toMatch(/ECONNREFUSED/);
    } finally {
      await gone.close();
    }
  });

  it('/readyz answers within its own short budget when the engine hangs', async () => {
    faults.inject({ kind: 'hang' }, { match: (_m, p) => p.startsWith('/_cluster/health') });
    const res = await fetch(`${proxy.base}/readyz`);
    const body = (await res.json()) as { status: string; reason: string };
    expect(res.status).toBe(503);
    expect(body.reason).toMatch(/no answer within 1000 ms/);
  });

  it('a client that goes away cancels its engine request', async () => {
    // a deadline far beyond the wait below: only the client's leaving can end the engine request
    const patient = await startProxy([{ dataset: 'sales', mapping, docs }], { engine: { url: faults.url, timeoutMs: 120_000 } }, logger);
    faults.inject({ kind: 'hang' });
    const client = new AbortController();
    const pending = fetch(patient.base + REL, { method: 'POST', headers: { 'content-type': 'application/json', ...bypass }, body: JSON.stringify(relBody), signal: client.signal }).catch(() => undefined);
    for (let i = 0; i < 100 && faults.seen.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(faults.seen).toHaveLength(1);
    client.abort();
    await pending;
    for (let i = 0; i < 200 && !faults.seen[0]!.closedEarly; i++) await new Promise((r) => setTimeout(r, 10));
    expect(faults.seen[0]!.closedEarly).toBe(true);
    faults.clear();
    await patient.close();
  });
});
