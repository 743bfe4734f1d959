/** Every client mistake answers in Relevance AI's error style, with the right status and location. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import type { AddressInfo } from 'node:net';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { buildConfig } from '../../../src/catalog/config.js';
import { createApp } from '../../../src/server/app.js';

const docs = JSON.parse(readFileSync(new URL('../../../fixtures/relevance/listings.json', import.meta.url), 'utf8')) as object[];
const mapping = JSON.parse(readFileSync(new URL('../../../fixtures/relevance/mapping.json', import.meta.url), 'utf8')) as object;

let proxy: Proxy;
let tiny: Proxy;
beforeAll(async () => {
  proxy = await startProxy([{ dataset: 'listings', mapping, docs }]);
  tiny = await startProxy([{ dataset: 'listings', mapping, docs }], { limits: { maxBuckets: 10 } });
});
afterAll(async () => {
  await proxy?.close();
  await tiny?.close();
});

const AQ = (groupby: unknown[] = [], metrics: unknown[] = [], extra: object = {}) => ({ aggregation_query: { groupby, metrics, ...extra } });
const area = { name: 'a', field: 'propertyDetails.area', agg: 'category' };

// [case, path, body, status, loc (null: no loc expected), message pattern]
const cases: [string, string, unknown, number, (string | number)[] | null, RegExp][] = [
  ['body is not JSON', '/latest/datasets/listings/aggregate', '{"aggregation_query": ', 422, ['body'], /not valid JSON/],
  ['body is not an object', '/latest/datasets/listings/aggregate', [1, 2], 422, ['body'], /valid dict/],
  ['aggregation_query missing', '/latest/datasets/listings/aggregate', { filters: [] }, 422, ['body', 'aggregation_query'], /field required/],
  ['unknown groupby agg', '/latest/datasets/listings/aggregate', AQ([{ ...area, agg: 'bucket' }]), 422, ['body', 'aggregation_query', 'groupby', 0, 'agg'], /enumeration/],
  ['groupby without field', '/latest/datasets/listings/aggregate', AQ([{ name: 'a', agg: 'category' }]), 422, ['body', 'aggregation_query', 'groupby', 0, 'field'], /field required/],
  ['unknown metric agg', '/latest/datasets/listings/aggregate', AQ([], [{ name: 'm', field: 'x', agg: 'median' }]), 422, ['body', 'aggregation_query', 'metrics', 0, 'agg'], /enumeration/],
  ['page_size zero', '/latest/datasets/listings/aggregate', { ...AQ(), page_size: 0 }, 422, ['body', 'page_size'], /must be >= 1/],
  ['asc not boolean', '/latest/datasets/listings/aggregate', { ...AQ(), asc: 'yes' }, 422, ['body', 'asc'], /boolean/],
  ['metric without field', '/latest/datasets/listings/aggregate', AQ([], [{ name: 'm', agg: 'avg' }]), 422, ['body', 'aggregation_query', 'metrics', 0, 'field'], /field required/],
  ['unknown groupby field', '/latest/datasets/listings/aggregate', AQ([{ ...area, field: 'nope' }]), 400, ['body', 'aggregation_query', 'groupby', 0, 'field'], /Field 'nope' does not exist in dataset 'listings'/],
  ['unknown metric field', '/latest/datasets/listings/aggregate', AQ([], [{ name: 'm', field: 'nope', agg: 'avg' }]), 400, ['body', 'aggregation_query', 'metrics', 0, 'field'], /does not exist/],
  ['avg on a text field', '/latest/datasets/listings/aggregate', AQ([], [{ name: 'm', field: 'title', agg: 'avg' }]), 400, ['body', 'aggregation_query', 'metrics', 0, 'field'], /text; a numeric field is required/],
  ['numeric groupby on a keyword', '/latest/datasets/listings/aggregate', AQ([{ ...area, agg: 'numeric' }]), 400, ['body', 'aggregation_query', 'groupby', 0, 'field'], /numeric field is required/],
  ['duplicate output names', '/latest/datasets/listings/aggregate', AQ([area], [{ name: 'a', field: 'priceDetails.price', agg: 'avg' }]), 400, ['body', 'aggregation_query', 'metrics', 0, 'name'], /Duplicate output name 'a'/],
  ['a name clashing with frequency', '/latest/datasets/listings/aggregate', AQ([{ ...area, name: 'frequency' }]), 400, ['body', 'aggregation_query', 'groupby', 0, 'name'], /Duplicate/],
  ['unsupported metric', '/latest/datasets/listings/aggregate', AQ([], [{ name: 'k', field: 'priceDetails.price', agg: 'kurtosis' }]), 400, ['body', 'aggregation_query', 'metrics', 0, 'agg'], /kurtosis/],
  ['unsupported groupby', '/latest/datasets/listings/aggregate', AQ([{ ...area, agg: 'wordcloud' }]), 400, ['body', 'aggregation_query', 'groupby', 0, 'agg'], /wordcloud/],
  ['unknown sort name', '/latest/datasets/listings/aggregate', AQ([area], [], { sort: [{ nope: 'desc' }] }), 400, ['body', 'aggregation_query', 'sort', 0], /Unknown sort name 'nope'/],
  ['empty histogram buckets', '/latest/datasets/listings/aggregate', AQ([{ name: 'p', field: 'priceDetails.price', agg: 'numeric', buckets: { histogram: { interval: 10, min_doc_count: 0 } } }]), 400, ['body', 'aggregation_query', 'groupby', 0, 'buckets', 'histogram', 'min_doc_count'], /min_doc_count 0/],
  ['numeric filter with text', '/latest/datasets/listings/aggregate', { ...AQ(), filters: [{ field: 'priceDetails.price', filter_type: 'numeric', condition: '>', condition_value: 'abc' }] }, 400, ['body', 'filters', 0, 'condition_value'], /must be a number/],
  ['date filter with a word (a 502 before)', '/latest/datasets/listings/aggregate', { ...AQ(), filters: [{ field: 'listingDate', filter_type: 'date', condition: '>=', condition_value: 'x' }] }, 400, ['body', 'filters', 0, 'condition_value'], /"x" is not a date for the date field 'listingDate'/],
  ['date filter with month 13', '/latest/datasets/listings/aggregate', { ...AQ(), filters: [{ field: 'title', filter_type: 'contains', condition: '==', condition_value: 'a' }, { field: 'listingDate', filter_type: 'date', condition: '<', condition_value: '2024-13-45' }] }, 400, ['body', 'filters', 1, 'condition_value'], /is not a date/],
  ['exact match of a date field with 1e20', '/latest/datasets/listings/aggregate', { ...AQ(), filters: [{ field: 'listingDate', filter_type: 'exact_match', condition: '==', condition_value: 1e20 }] }, 400, ['body', 'filters', 0, 'condition_value'], /100000000000000000000 is not a date/],
  ['unknown filter type', '/latest/datasets/listings/aggregate', { ...AQ(), filters: [{ field: 'title', filter_type: 'vector', condition: '==', condition_value: 1 }] }, 400, ['body', 'filters', 0, 'filter_type'], /vector/],
  ['filter on an unknown field', '/latest/datasets/listings/aggregate', { ...AQ(), filters: [{ field: 'nope', filter_type: 'exact_match', condition: '==', condition_value: 1 }] }, 400, ['body', 'filters', 0], /does not exist/],
  ['bad condition', '/latest/datasets/listings/aggregate', { ...AQ(), filters: [{ field: 'title', filter_type: 'exact_match', condition: '~', condition_value: 1 }] }, 422, ['body', 'filters', 0, 'condition'], /enumeration/],
  ['unknown dataset', '/latest/datasets/secret/aggregate', AQ(), 404, null, /Dataset 'secret' not found/],
  ['index pattern as dataset', '/latest/datasets/*/aggregate', AQ(), 404, null, /not found/],
  ['system index as dataset', '/latest/datasets/.kibana/aggregate', AQ(), 404, null, /not found/],
  ['prototype name as dataset', '/latest/datasets/__proto__/aggregate', AQ(), 404, null, /not found/],
  ['services route without dataset', '/latest/services/aggregate/aggregate', AQ(), 422, ['body', 'dataset_id'], /field required/],
  ['cluster route without vector_fields', '/latest/datasets/listings/cluster/aggregate', AQ(), 422, ['body', 'vector_fields'], /field required/],
];

describe('relevance-ai errors', () => {
  it.each(cases)('%s', async (_name, path, body, status, loc, message) => {
    const res = await proxy.post(path, body);
    expect(res.status).toBe(status);
    if (status === 422) {
      expect(res.body.detail[0].loc).toEqual(loc);
      expect(res.body.detail[0].msg).toMatch(message);
      expect(typeof res.body.detail[0].type).toBe('string');
    } else {
      expect(res.body.message).toMatch(message);
      if (loc) expect(res.body.loc).toEqual(loc);
    }
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts|Error:/);
  });

  it('lists every schema violation at once', async () => {
    const res = await proxy.post('/latest/datasets/listings/aggregate', { ...AQ([{ name: 'a', agg: 'nope' }]), page: 0 });
    expect(res.status).toBe(422);
    const locs = res.body.detail.map((d: { loc: unknown[] }) => d.loc.join('.'));
    expect(locs).toEqual(expect.arrayContaining(['body.aggregation_query.groupby.0.field', 'body.aggregation_query.groupby.0.agg', 'body.page']));
  });

  it('refuses a grouping over the bucket budget instead of truncating it', async () => {
    const res = await tiny.post('/latest/datasets/listings/aggregate', AQ([{ name: 'd', field: 'listingDate', agg: 'category', date_interval: 'daily' }]));
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/more than 10 buckets/);
  });

  it('answers 502 when the engine is unreachable, never a stack trace', async () => {
    const config = buildConfig({ engine: { url: 'http://127.0.0.1:1', timeoutMs: 2000 }, datasets: { listings: { index: 'listings' } } }, {});
    const app = createApp(config, pino({ level: 'silent' }));
    const server = app.express.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/latest/datasets/listings/aggregate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(AQ()),
    });
    server.close();
    expect(res.status).toBe(502);
    expect(((await res.json()) as { message: string }).message).toMatch(/Search engine unavailable/);
  });
});
