/**
 * The engine gate on a real engine: an EngineClient with one slot and one queue place answers two of
 * three simultaneous searches and refuses the third with 503 `overloaded`; through HTTP, a request
 * arriving while the proxy's only slot is taken gets its dialect's 503 with Retry-After (Druid,
 * Opendatasoft, Nue GraphQL), counted in /metrics, and answers once the slot is free.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../../src/backend/engine-client.js';
import { Deadline } from '../../../src/backend/deadline.js';
import { defaultLimits } from '../../../src/policy/limits.js';
import { loadIndex } from '../../../src/demo/load.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';
import { engineUrl, startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures as druid } from '../../translators/druid/fixtures.js';
import { fixtures as ods } from '../../translators/opendatasoft/fixtures.js';
import { fixtures as nue } from '../../translators/nue-graphql/fixtures.js';

const index = `t-gate-${process.pid}-${Date.now().toString(36)}`;
const loader = new EngineClient(engineUrl(), 30_000);
let proxy: Proxy;

const BYPASS = { 'x-aggproxy-cache': 'bypass' };
const message = expect.stringContaining('limits.maxQueuedEngineRequests (0)');
/** dialect, path, a valid request answered with one engine search, its error shape when the queue is full */
const DIALECTS: [string, string, unknown, object][] = [
  [
    'druid',
    '/druid/v2',
    { queryType: 'timeseries', dataSource: 'testing', granularity: 'all', intervals: ['2011-01-01/2012-01-01'], aggregations: [{ type: 'count', name: 'rows' }] },
    { error: 'Query capacity exceeded', errorMessage: message, errorClass: 'org.apache.druid.query.QueryCapacityExceededException' },
  ],
  ['opendatasoft', '/api/v2/datasets/sales/aggregate', { aggregations: { a: { aggregates: { n: 'COUNT()' } } } }, { error_code: 'ServiceUnavailable', message }],
  [
    'nue-graphql',
    '/graphql',
    { query: '{ aggregate_product { n: count(field: id) } }' },
    { errors: [expect.objectContaining({ message, extensions: expect.objectContaining({ code: 'SERVICE_OVERLOADED', retryAfterSeconds: 1 }) })] },
  ],
];

/** the proxy's count of engine calls refused for a full queue, per dialect */
async function refusals(dialect: string): Promise<number> {
  const text = await (await fetch(`${proxy.base}/metrics`)).text();
  const m = new RegExp(`^aggproxy_engine_requests_refused_total\\{dialect="${dialect}"\\} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

beforeAll(async () => {
  await loadIndex(loader, {
    index,
    mapping: { properties: { n: { type: 'integer' } } },
    docs: [1, 2, 3].map((n) => ({ _id: String(n), n })),
    shards: 1,
  });
  proxy = await startProxy([...druid, ...ods.filter((f) => f.dataset === 'sales'), ...nue.filter((f) => f.dataset === 'product')], { limits: { maxConcurrentEngineRequests: 1, maxQueuedEngineRequests: 0 } });
});

afterAll(async () => {
  await proxy?.close();
  await loader.request('DELETE', `/${index}`).catch(() => undefined);
});

describe('engine gate on a real engine', () => {
  it('one slot, one queue place: of three searches at once two answer, the third is refused with 503', async () => {
    const engine = new EngineClient(engineUrl(), 30_000, { ...defaultLimits, maxConcurrentEngineRequests: 1, maxQueuedEngineRequests: 1 });
    const body = { size: 0, aggs: { total: { sum: { field: 'n' } } } };
    const outcomes = await Promise.all(
      [1, 2, 3].map((i) =>
        engine.search(index, body).then(
          (res) => ({ i, total: (res.aggregations?.total as { value: number }).value }),
          (e: unknown) => ({ i, refused: e instanceof ProxyError ? e.detail : e }),
        ),
      ),
    );
    expect(outcomes).toEqual([
      { i: 1, total: 6 },
      { i: 2, total: 6 },
      { i: 3, refused: expect.objectContaining({ kind: 'overloaded', retryAfterSeconds: 1 }) },
    ]);
    expect([engine.gate.inFlight, engine.gate.queued]).toEqual([0, 0]);
    // the refusal held nothing: the next search answers
    expect((await engine.search(index, body)).aggregations?.total).toEqual({ value: 6 });
  });

  it.each(DIALECTS)('%s renders the full queue in its own shape (503, Retry-After: 1), then answers when the slot is free', async (dialect, path, query, shape) => {
    // warm: engine detected and the mapping read, so the next request's only engine call is its search
    const warm = await proxy.post(path, query, BYPASS);
    expect(warm.status, JSON.stringify(warm.body)).toBe(200);
    const before = await refusals(dialect);

    // the app's only slot, taken by a call the test holds open (the app's EngineClient is its schemas')
    const engine = proxy.app.schemas['engine'];
    let release!: () => void;
    const held = engine.gate.run(Deadline.in(30_000), () => new Promise<void>((r) => (release = r)));
    try {
      const shed = await proxy.post(path, query, BYPASS);
      expect(shed.status, JSON.stringify(shed.body)).toBe(503);
      expect(shed.headers.get('retry-after')).toBe('1');
      expect(shed.body).toMatchObject(shape);
      expect(JSON.stringify(shed.body)).toContain('limits.maxQueuedEngineRequests (0)');
      expect(JSON.stringify(shed.body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
    } finally {
      release();
      await held;
    }
    const again = await proxy.post(path, query, BYPASS);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(warm.body);

    expect(await refusals(dialect)).toBe(before + 1);
    const metrics = await (await fetch(`${proxy.base}/metrics`)).text();
    expect(metrics).toMatch(/^aggproxy_engine_requests_in_flight 0$/m);
    expect(metrics).toMatch(/^aggproxy_engine_requests_queued 0$/m);
  });
});
