/** Relevance AI dataset aggregate, end to end against the real engine, on the listings fixture. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { agg, expectClose, numbersAt, valuesAt, type Doc, type Value } from '../../helpers/reference.js';
import { relevanceReference } from './reference.js';

const docs = JSON.parse(readFileSync(new URL('../../../fixtures/relevance/listings.json', import.meta.url), 'utf8')) as Doc[];
const mapping = JSON.parse(readFileSync(new URL('../../../fixtures/relevance/mapping.json', import.meta.url), 'utf8')) as object;

const at = (path: string) => (d: Doc): Value[] => valuesAt(d, path);
const price = (ds: Doc[]): number[] => numbersAt(ds, 'priceDetails.price');
const monthStart = (iso: Value): Value => `${String(iso).slice(0, 7)}-01T00:00:00.000Z`;

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy([{ dataset: 'listings', mapping, docs, shards: 3 }]);
});
afterAll(async () => proxy?.close());

const aggregate = (body: unknown, path = '/latest/datasets/listings/aggregate') => proxy.post(path, body);

describe('relevance-ai aggregate', () => {
  it('groups by a category with avg/max/min/sum, nulls where a group has no values', async () => {
    const res = await aggregate({
      aggregation_query: {
        groupby: [{ name: 'location', field: 'propertyDetails.area', agg: 'category' }],
        metrics: [
          { name: 'avg_price', field: 'priceDetails.price', agg: 'avg' },
          { name: 'max_price', field: 'priceDetails.price', agg: 'max' },
          { name: 'min_price', field: 'priceDetails.price', agg: 'min' },
          { name: 'bathroom_sum', field: 'propertyDetails.bathrooms', agg: 'sum' },
        ],
      },
      filters: [],
      page_size: 20,
      page: 1,
      asc: false,
    });
    expect(res.status).toBe(200);
    const expected = relevanceReference(docs, {
      groups: [{ name: 'location', key: at('propertyDetails.area') }],
      metrics: {
        avg_price: (ds) => agg.avg(price(ds)),
        max_price: (ds) => agg.max(price(ds)),
        min_price: (ds) => agg.min(price(ds)),
        bathroom_sum: (ds) => agg.sum(numbersAt(ds, 'propertyDetails.bathrooms')),
      },
    });
    expectClose(res.body, { results: expected });
  });

  it('nests two groupbys with per-level page_size, frequency order and key tie-break', async () => {
    const body = {
      aggregation_query: {
        groupby: [
          { name: 'location', field: 'propertyDetails.area', agg: 'category', page_size: 4 },
          { name: 'bedrooms', field: 'propertyDetails.bedrooms', agg: 'numeric', page_size: 2 },
        ],
        metrics: [{ name: 'avg_price', field: 'priceDetails.price', agg: 'avg' }],
      },
      page_size: 3,
    };
    const res = await aggregate(body);
    const expected = relevanceReference(docs, {
      groups: [
        { name: 'location', key: at('propertyDetails.area'), pageSize: 4 },
        { name: 'bedrooms', key: at('propertyDetails.bedrooms'), pageSize: 2 },
      ],
      metrics: { avg_price: (ds) => agg.avg(price(ds)) },
      pageSize: 3,
    });
    expect(res.body.results).toHaveLength(8);
    expectClose(res.body, { results: expected });
  });

  it('pages the outermost level and flips frequency order with asc', async () => {
    const q = { groupby: [{ name: 'location', field: 'propertyDetails.area', agg: 'category' }], metrics: [] };
    const page2 = await aggregate({ aggregation_query: q, page_size: 2, page: 2 });
    expectClose(page2.body.results, relevanceReference(docs, { groups: [{ name: 'location', key: at('propertyDetails.area') }], metrics: {}, pageSize: 2, page: 2 }));
    const asc = await aggregate({ aggregation_query: q, asc: true });
    expectClose(asc.body.results, relevanceReference(docs, { groups: [{ name: 'location', key: at('propertyDetails.area') }], metrics: {}, asc: true }));
  });

  it('returns one summary row without groupby', async () => {
    const res = await aggregate({
      aggregation_query: {
        groupby: [],
        metrics: [
          { name: 'avg_price', field: 'priceDetails.price', agg: 'avg' },
          { name: 'areas', field: 'propertyDetails.area', agg: 'cardinality' },
          { name: 'priced', field: 'priceDetails.price', agg: 'count' },
          { name: 'ss', field: 'priceDetails.price', agg: 'sum_of_squares' },
          { name: 'var', field: 'priceDetails.price', agg: 'variance' },
          { name: 'sd', field: 'priceDetails.price', agg: 'std_deviation' },
        ],
      },
    });
    const p = price(docs);
    expectClose(res.body, {
      results: [{
        frequency: docs.length,
        avg_price: agg.avg(p),
        areas: agg.distinct(docs.flatMap(at('propertyDetails.area'))),
        priced: p.length,
        ss: agg.sumOfSquares(p),
        var: agg.variance(p),
        sd: Math.sqrt(agg.variance(p) as number),
      }],
    });
  });

  it('groups numerically: plain values, histogram buckets and from/to ranges', async () => {
    const plain = await aggregate({ aggregation_query: { groupby: [{ name: 'bathrooms', field: 'propertyDetails.bathrooms', agg: 'numeric' }], metrics: [] } });
    expectClose(plain.body.results, relevanceReference(docs, { groups: [{ name: 'bathrooms', key: at('propertyDetails.bathrooms') }], metrics: {} }));

    const hist = await aggregate({
      aggregation_query: { groupby: [{ name: 'price', field: 'priceDetails.price', agg: 'numeric', buckets: { histogram: { interval: 100 } } }], metrics: [] },
    });
    const bucket = (d: Doc): Value[] => price([d]).map((x) => Math.floor(x / 100) * 100);
    expectClose(hist.body.results, relevanceReference(docs, { groups: [{ name: 'price', key: bucket, byKey: true }], metrics: {} }));

    const ranges = await aggregate({
      aggregation_query: {
        groupby: [{ name: 'band', field: 'priceDetails.price', agg: 'numeric', buckets: [{ to: 500 }, { from: 500, to: 700 }, { from: 700 }] }],
        metrics: [{ name: 'n', field: 'priceDetails.price', agg: 'count' }],
      },
    });
    const inBand = (lo: number, hi: number): number => price(docs).filter((x) => x >= lo && x < hi).length;
    expect(ranges.body.results).toEqual([
      { band: '*-500.0', frequency: inBand(-Infinity, 500), n: inBand(-Infinity, 500) },
      { band: '500.0-700.0', frequency: inBand(500, 700), n: inBand(500, 700) },
      { band: '700.0-*', frequency: inBand(700, Infinity), n: inBand(700, Infinity) },
    ]);
  });

  it('buckets dates by date_interval in UTC, in time order', async () => {
    const res = await aggregate({
      aggregation_query: { groupby: [{ name: 'month', field: 'listingDate', agg: 'category', date_interval: 'monthly' }], metrics: [] },
      page_size: 100,
    });
    expectClose(res.body.results, relevanceReference(docs, { groups: [{ name: 'month', key: (d) => valuesAt(d, 'listingDate').map(monthStart), byKey: true }], metrics: {}, pageSize: 100 }));
    const yearly = await aggregate({ aggregation_query: { groupby: [{ name: 'y', field: 'listingDate', agg: 'category', date_interval: 'yearly' }], metrics: [] } });
    expect(yearly.body.results.map((r: { y: string }) => r.y)).toEqual(['2021-01-01T00:00:00.000Z', '2022-01-01T00:00:00.000Z']);
  });

  it('explodes multi-valued fields and groups booleans', async () => {
    const res = await aggregate({
      aggregation_query: {
        groupby: [
          { name: 'feature', field: 'features', agg: 'array' },
          { name: 'pets', field: 'petsAllowed', agg: 'bool' },
        ],
        metrics: [],
      },
    });
    expectClose(res.body.results, relevanceReference(docs, { groups: [{ name: 'feature', key: at('features') }, { name: 'pets', key: at('petsAllowed') }], metrics: {} }));
  });

  it('applies legacy filters before grouping', async () => {
    const res = await aggregate({
      aggregation_query: { groupby: [{ name: 'location', field: 'propertyDetails.area', agg: 'category' }], metrics: [] },
      filters: [
        { field: 'priceDetails.price', filter_type: 'numeric', condition: '>=', condition_value: 500 },
        { field: 'features', filter_type: 'exact_match', condition: '!=', condition_value: 'pool' },
        { field: 'title', filter_type: 'contains', condition: '==', condition_value: 'BEDROOM UNIT' },
        { field: 'propertyDetails.bedrooms', filter_type: 'exists', condition: '==', condition_value: '' },
        { field: 'propertyDetails.area', filter_type: 'categories', condition: '==', condition_value: ['Hills', 'Inner West', 'Eastern Suburbs'] },
      ],
    });
    const kept = docs.filter((d) =>
      price([d]).some((p) => p >= 500) &&
      !valuesAt(d, 'features').includes('pool') &&
      valuesAt(d, 'propertyDetails.bedrooms').length > 0 &&
      ['Hills', 'Inner West', 'Eastern Suburbs'].includes(String(valuesAt(d, 'propertyDetails.area')[0])),
    );
    expectClose(res.body.results, relevanceReference(kept, { groups: [{ name: 'location', key: at('propertyDetails.area') }], metrics: {} }));
  });

  it('ORs filters marked strict should, and ANDs them with the rest', async () => {
    const res = await aggregate({
      aggregation_query: { groupby: [], metrics: [] },
      filters: [
        { field: 'propertyDetails.area', filter_type: 'exact_match', condition: '==', condition_value: 'Hills', strict: 'should' },
        { field: 'propertyDetails.area', filter_type: 'exact_match', condition: '==', condition_value: 'Sutherland', strict: 'should' },
        { field: 'listingDate', filter_type: 'date', condition: '<', condition_value: '2022-01-01' },
      ],
    });
    const n = docs.filter((d) => ['Hills', 'Sutherland'].includes(String(valuesAt(d, 'propertyDetails.area')[0])) && String(d.listingDate) < '2022-01-01').length;
    expect(res.body).toEqual({ results: [{ frequency: n }] });
  });

  it('sorts leaf rows globally with sort, then pages them', async () => {
    const res = await aggregate({
      aggregation_query: {
        groupby: [
          { name: 'location', field: 'propertyDetails.area', agg: 'category' },
          { name: 'bedrooms', field: 'propertyDetails.bedrooms', agg: 'numeric' },
        ],
        metrics: [{ name: 'max_price', field: 'priceDetails.price', agg: 'max' }],
        sort: [{ max_price: 'desc' }],
      },
      page_size: 5,
    });
    const all = relevanceReference(docs, {
      groups: [{ name: 'location', key: at('propertyDetails.area'), pageSize: 1000 }, { name: 'bedrooms', key: at('propertyDetails.bedrooms'), pageSize: 1000 }],
      metrics: { max_price: (ds) => agg.max(price(ds)) },
      pageSize: 1000,
    });
    const sorted = [...all].sort((a, b) => {
      const x = a.max_price as number | null;
      const y = b.max_price as number | null;
      if (x !== y) return x === null ? 1 : y === null ? -1 : y - x;
      return (b.frequency as number) - (a.frequency as number) || String(a.location).localeCompare(String(b.location)) || (a.bedrooms as number) - (b.bedrooms as number);
    });
    expectClose(res.body.results, sorted.slice(0, 5));
  });

  it('answers percentiles keyed by percent', async () => {
    const res = await aggregate({ aggregation_query: { groupby: [], metrics: [{ name: 'p', field: 'propertyDetails.bathrooms', agg: 'percentiles' }] } });
    const p = res.body.results[0].p as Record<string, number>;
    expect(Object.keys(p)).toEqual(['1.0', '5.0', '25.0', '50.0', '75.0', '95.0', '99.0']);
    // three distinct values: t-digest is exact at the ends and the median here
    expect(p['1.0']).toBe(1);
    expect(p['99.0']).toBe(3);
  });

  it('serves the /services route with the dataset in the body, and /v1', async () => {
    const q = { aggregation_query: { groupby: [{ name: 'location', field: 'propertyDetails.area', agg: 'category' }], metrics: [] }, page_size: 3 };
    const direct = await aggregate(q);
    const services = await proxy.post('/latest/services/aggregate/aggregate', { ...q, dataset_id: 'listings' });
    const v1 = await proxy.post('/v1/services/aggregate/aggregate', { ...q, dataset_ids: ['listings'] });
    expect(services.body).toEqual(direct.body);
    expect(v1.body).toEqual(direct.body);
  });
});
