/**
 * Relevance AI's simple_search end to end on the listings fixture: documents through the documents
 * query (filters, sort with missing values last, 0-based page, pageSize, include/exclude fields),
 * resultsSize, and the facets of the same matches (fieldsToAggregate, fieldsToAggregateStats);
 * expected answers computed from the fixture rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { listings } from '../../src/auth/listings.js';
import { agg, compareKeys, expectClose, valuesAt, type Doc, type Value } from '../../helpers/reference.js';

const docs = listings.docs as Doc[];
let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy([{ ...listings, shards: 3 }]);
});
afterAll(async () => proxy?.close());

const search = (body: unknown) => proxy.post('/latest/datasets/listings/simple_search', body);
const one = (d: Doc, path: string) => valuesAt(d, path)[0];
const price = (d: Doc) => one(d, 'priceDetails.price') as number | undefined;
const hills = (d: Doc) => one(d, 'propertyDetails.area') === 'Hills';

/** Sorted by price descending (missing last), then listing date ascending (unique). */
function byPriceThenDate(ds: Doc[]): Doc[] {
  return [...ds].sort((a, b) => {
    const pa = price(a);
    const pb = price(b);
    if (pa !== pb) return pa === undefined ? 1 : pb === undefined ? -1 : pb - pa;
    return compareKeys(one(a, 'listingDate') as Value, one(b, 'listingDate') as Value);
  });
}
const source = (d: Doc) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== '_id'));

function counts(ds: Doc[], field: string, size: number): Record<string, number> {
  const n = new Map<Value, number>();
  for (const d of ds) for (const v of new Set(valuesAt(d, field))) n.set(v, (n.get(v) ?? 0) + 1);
  return Object.fromEntries([...n].sort(([a, x], [b, y]) => y - x || compareKeys(a, b)).slice(0, size).map(([v, c]) => [String(v), c]));
}

describe('relevance-ai simple_search documents', () => {
  it('defaults: the first 10 matches, each with _id and _relevance 0, resultsSize all of them, empty facets', async () => {
    const res = await search({});
    expect(res.status).toBe(200);
    expect(res.body.resultsSize).toBe(docs.length);
    expect(res.body.results).toHaveLength(10);
    const byId = new Map(docs.map((d) => [d._id, d]));
    for (const r of res.body.results) {
      const { _id, _relevance, ...rest } = r;
      expect(_relevance).toBe(0);
      expect(rest).toEqual(source(byId.get(_id)!));
    }
    expect(new Set(res.body.results.map((r: Doc) => r._id)).size).toBe(10);
    expect({ ...res.body, results: [] }).toEqual({ results: [], resultsSize: docs.length, aggregations: {}, aggregates: {}, aggregateStats: {}, afterId: [] });
  });

  it('filters, sort by two keys with missing prices last, and a 0-based page', async () => {
    const body = { filters: [{ range: { field: 'propertyDetails.bedrooms', greaterThanOrEqualTo: 2 } }], sort: { 'priceDetails.price': 'desc', listingDate: 'asc' }, page: 2, pageSize: 7 };
    const res = await search(body);
    const matches = byPriceThenDate(docs.filter((d) => ((one(d, 'propertyDetails.bedrooms') as number | undefined) ?? -1) >= 2));
    expect(res.body.resultsSize).toBe(matches.length);
    expect(res.body.results.map((r: Doc) => r._id)).toEqual(matches.slice(14, 21).map((d) => d._id));
    const last = await search({ ...body, page: Math.floor(matches.length / 7) });
    expect(last.body.results.map((r: Doc) => r._id)).toEqual(matches.slice(Math.floor(matches.length / 7) * 7).map((d) => d._id));
    expect(last.body.results.at(-1).priceDetails).toBeUndefined();
  });

  it('includeFields (an object, a leaf, _id), excludeFields (a nested leaf, _id), includeRelevance off, includeDataset', async () => {
    const sort = { listingDate: 'asc' };
    const oldest = [...docs].sort((a, b) => compareKeys(one(a, 'listingDate') as Value, one(b, 'listingDate') as Value)).slice(0, 3);
    const inc = await search({ sort, pageSize: 3, includeFields: ['propertyDetails', 'title', '_id'], includeRelevance: false });
    expect(inc.body.results).toEqual(oldest.map((d) => ({ _id: d._id, title: d.title, propertyDetails: d.propertyDetails })));
    const exc = await search({ sort, pageSize: 3, excludeFields: ['propertyDetails.area', '_id', '_cluster_'], includeDataset: true });
    expect(exc.body.results).toEqual(oldest.map((d) => {
      const { _id, _cluster_, propertyDetails, ...rest } = d as Doc & { propertyDetails: Doc };
      const { area, ...pd } = propertyDetails;
      return { ...rest, propertyDetails: pd, _relevance: 0, _dataset: 'listings' };
    }));
  });
});

describe('relevance-ai simple_search facets', () => {
  it('fieldsToAggregate (counts of the matches, resultsSize) and fieldsToAggregateStats (min/max/avg/sum, interval buckets)', async () => {
    const res = await search({
      filters: [{ match: { field: 'propertyDetails.area', value: 'Hills' } }],
      pageSize: 0,
      fieldsToAggregate: ['features', { key: 'propertyDetails.bedrooms', resultsSize: 2 }],
      fieldsToAggregateStats: ['priceDetails.price', { key: 'propertyDetails.bathrooms', interval: 2 }],
    });
    expect(res.status).toBe(200);
    const m = docs.filter(hills);
    const prices = m.flatMap((d) => valuesAt(d, 'priceDetails.price') as number[]);
    const baths = m.flatMap((d) => valuesAt(d, 'propertyDetails.bathrooms') as number[]);
    const buckets: Record<string, number> = {};
    for (const b of baths) buckets[String(Math.floor(b / 2) * 2)] = (buckets[String(Math.floor(b / 2) * 2)] ?? 0) + 1;
    const features = counts(m, 'features', 10);
    const beds = counts(m, 'propertyDetails.bedrooms', 2);
    expect(res.body.results).toEqual([]);
    expect(res.body.resultsSize).toBe(m.length);
    expect(res.body.aggregations).toEqual({ features, 'propertyDetails.bedrooms': beds });
    expect(Object.keys(res.body.aggregations.features)).toEqual(Object.keys(features));
    expect(res.body.aggregates).toEqual({ features: { results: features, aggregates: {} }, 'propertyDetails.bedrooms': { results: beds, aggregates: {} } });
    expectClose(res.body.aggregateStats, {
      'priceDetails.price': { min: agg.min(prices), max: agg.max(prices), avg: agg.avg(prices), sum: agg.sum(prices) },
      'propertyDetails.bathrooms': { min: agg.min(baths), max: agg.max(baths), avg: agg.avg(baths), sum: agg.sum(baths), results: buckets },
    });
  });
});

describe('relevance-ai simple_search errors', () => {
  it.each([
    ['a text query', { query: 'unit' }, 400, ['body', 'query'], /'query'/],
    ['a vector query', { vectorSearchQuery: [{ field: 'title_vector_', query: 'x' }] }, 400, ['body', 'vectorSearchQuery'], /vectorSearchQuery/],
    ['an unknown key', { page_size: 5 }, 422, ['body', 'page_size'], /extra fields/],
    ['a bad sort direction', { sort: { listingDate: 'up' } }, 422, ['body', 'sort', 'listingDate'], /enumeration/],
    ['a negative page', { page: -1 }, 422, ['body', 'page'], /must be >= 0/],
    ['sort by an unknown field', { sort: { nope: 'asc' } }, 400, ['body', 'sort', 'nope'], /nope/],
    ['a page past the result window', { page: 1000, pageSize: 10 }, 400, ['body', 'page'], /10000/],
    ['stats of a text field', { fieldsToAggregateStats: ['title'] }, 400, ['body', 'fieldsToAggregateStats', 0], /numeric/],
    ['facets of an unknown field', { fieldsToAggregate: [{ key: 'nope' }] }, 400, ['body', 'fieldsToAggregate', 0, 'key'], /nope/],
    ['nested facets', { fieldsToAggregate: [{ key: 'features', fieldsToAggregate: ['title'] }] }, 400, ['body', 'fieldsToAggregate', 0, 'fieldsToAggregate'], /nested/],
    ['an unknown include field', { includeFields: ['nope'] }, 400, ['body', 'includeFields', 0], /nope/],
    ['a bad filter', { filters: [{ range: { field: 'priceDetails.price' } }] }, 400, ['body', 'filters', 0, 'range'], /needs one of/],
  ])('%s', async (_n, body, status, loc, message) => {
    const res = await search(body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    const err = status === 422 ? { loc: res.body.detail[0].loc, message: res.body.detail[0].msg } : res.body;
    expect(err.loc).toEqual(loc);
    expect(err.message).toMatch(message);
  });
});
