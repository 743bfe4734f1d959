/**
 * Capability negotiation end to end, on every engine of the matrix. A proxy told to use no scripts
 * and no cumulative_sum (config `engine.disable`, the same state as Elasticsearch's script-free
 * integ-test node) must (1) compute post-aggregations, having and running totals in the reader with
 * the same numbers the engine gives, and (2) answer features that truly need a script with a 4xx
 * naming the capability, in the dialect's own error style, never a wrong number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { engineFlavour, engineHas } from '../../helpers/engine.js';
import { expectClose } from '../../helpers/reference.js';
import { fixtures as druid } from '../../translators/druid/fixtures.js';
import { fixtures as ods } from '../../translators/opendatasoft/fixtures.js';

let full: Proxy;
let bare: Proxy;
beforeAll(async () => {
  [full, bare] = await Promise.all([
    startProxy([...druid, ...ods]),
    startProxy([...druid, ...ods], { engine: { disable: ['scripts', 'cumulativeSum'] } }),
  ]);
});
afterAll(async () => Promise.all([full?.close(), bare?.close()]));

const ODS = '/api/v2/datasets/sales/aggregate';
const groupBy = (q: object) => ({ queryType: 'groupBy', dataSource: 'testing', granularity: 'all', intervals: ['1970-01-01/2020-01-01'], ...q });

/** Requests whose answers need arithmetic after aggregation: the engine's scripts or the reader. */
const derived: { name: string; path: string; body: object }[] = [
  {
    name: 'Druid post-aggregators and having',
    path: '/druid/v2',
    body: groupBy({
      dimensions: ['market'],
      aggregations: [{ type: 'count', name: 'rows' }, { type: 'doubleSum', name: 'idx', fieldName: 'index' }],
      postAggregations: [{ type: 'arithmetic', name: 'avg', fn: '/', fields: [{ type: 'fieldAccess', fieldName: 'idx' }, { type: 'fieldAccess', fieldName: 'rows' }] }],
      having: { type: 'greaterThan', aggregation: 'avg', value: 100 },
    }),
  },
  {
    name: 'Opendatasoft ratio of sums',
    path: ODS,
    body: { aggregations: { a: { group_by: ['store_country'], aggregates: { ratio: 'SUM(sales_amount) / SUM(sales_count)', n: 'COUNT()' } } } },
  },
  {
    name: 'Opendatasoft INCREMENTAL over months',
    path: ODS,
    body: { aggregations: { a: { group_by: [{ name: 'month', expr: "date(sales_date, 'yyyy-MM')" }], aggregates: { running: 'INCREMENTAL(SUM(sales_count))' } } } },
  },
];

describe('without scripts, the reader computes what bucket_script and cumulative_sum would', () => {
  it.each(derived)('$name: same answer either way', async ({ path, body }) => {
    const [a, b] = await Promise.all([full.post(path, body), bare.post(path, body)]);
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(b.status, JSON.stringify(b.body)).toBe(200);
    // Opendatasoft's links name the proxy's own address, which differs between the two
    const answer = (r: { body: any }) => r.body.aggregations ?? r.body;
    expectClose(answer(b), answer(a));
  });

  it('explain shows which side computes: no scripts or pipelines reach a bare engine', async () => {
    const requests = async (p: Proxy, path: string, body: object) =>
      JSON.stringify((await p.post(`${path}?explain=true`, body)).body.explain.queries.map((q: { requests: unknown }) => q.requests));
    const [post, running] = [derived[0]!, derived[2]!];
    expect(await requests(bare, post.path, post.body)).not.toMatch(/bucket_script|"script"/);
    expect(await requests(bare, running.path, running.body)).not.toMatch(/cumulative_sum/);
    if (engineHas('bucketScript')) expect(await requests(full, post.path, post.body)).toMatch(/bucket_script/);
    if (engineHas('cumulativeSum')) expect(await requests(full, running.path, running.body)).toMatch(/cumulative_sum/);
  });

  it('the cache key carries the engine identity and capabilities', async () => {
    const hash = async (p: Proxy) => (await p.post(`${ODS}?explain=true`, derived[1]!.body)).body.explain.queries[0].irHash as string;
    const [a, b] = await Promise.all([hash(full), hash(bare)]);
    // the same request compiles differently when the capabilities differ, so it must not share an entry
    if (engineHas('scripts') || engineHas('bucketScript')) expect(a).not.toBe(b);
    else expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

/** Features that cannot be answered exactly without a per-document script. */
const needsScripts: { name: string; path: string; body: object; status: number; error: Record<string, unknown> }[] = [
  {
    name: 'Opendatasoft virtual field',
    path: ODS,
    body: { virtual_fields: { price: 'sales_amount / sales_count' }, aggregations: { a: { aggregates: { p: 'AVG(price)' } } } },
    status: 400,
    error: { error_code: 'UnsupportedFeature' },
  },
  {
    name: 'Opendatasoft day-of-week group',
    path: ODS,
    body: { aggregations: { a: { group_by: [{ name: 'dow', expr: "date(sales_date, 'EEEE')" }], aggregates: { n: 'COUNT()' } } } },
    status: 400,
    error: { error_code: 'UnsupportedFeature' },
  },
  {
    name: 'Druid longSum over a floating-point column (per-row truncation)',
    path: '/druid/v2',
    body: groupBy({ dimensions: ['market'], aggregations: [{ type: 'longSum', name: 'idx', fieldName: 'index' }] }),
    status: 400,
    error: { error: 'Unsupported operation', errorClass: 'java.lang.UnsupportedOperationException' },
  },
  {
    name: 'Druid cardinality over several columns',
    path: '/druid/v2',
    body: groupBy({ aggregations: [{ type: 'cardinality', name: 'u', fields: ['market', 'quality'] }] }),
    status: 400,
    error: { error: 'Unsupported operation' },
  },
];

describe('features that need a script answer a 4xx naming the capability', () => {
  it.each(needsScripts)('$name', async ({ path, body, status, error }) => {
    const res = await bare.post(path, body);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject(error);
    expect(JSON.stringify(res.body)).toMatch(/capability 'scripts'/);
    // and where the engine has scripts, the very same request is answered
    if (engineHas('scripts')) expect((await full.post(path, body)).status).toBe(200);
  });
});

describe('readiness reports the engine and its capabilities', () => {
  it('names the flavour, version, each capability and why one is missing', async () => {
    const res = await fetch(`${bare.base}/readyz`);
    const body = (await res.json()) as { engine: { flavour: string; capabilities: Record<string, boolean>; missing: Record<string, string> } };
    expect(res.status).toBe(200);
    expect(body.engine.flavour).toBe(engineFlavour());
    expect(body.engine.capabilities).toMatchObject({ scripts: false, bucketScript: false, cumulativeSum: false, compositeMissingBucket: true });
    expect(body.engine.missing.scripts).toMatch(engineHas('scripts') ? /engine\.disable/ : /lang-painless/);
    expect(body.engine.missing.cumulativeSum).toMatch(/engine\.disable/);
  });
});
