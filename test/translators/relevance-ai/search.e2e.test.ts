/**
 * Relevance AI's simple_search end to end on the listings fixture: documents through the documents
 * query (filters, sort with missing values last, 0-based page, pageSize, include/exclude fields),
 * resultsSize, the facets of the same matches (fieldsToAggregate, fieldsToAggregateStats) and the
 * text query (query, fieldsToSearch, weights, ranking);
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

  it('fieldsToAggregateStats of a date field: min and max as ISO-8601, no sum or average', async () => {
    const res = await search({ pageSize: 0, fieldsToAggregateStats: ['listingDate'] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const times = docs.flatMap((d) => valuesAt(d, 'listingDate')).map((v) => Date.parse(String(v)));
    const iso = (t: number) => new Date(t).toISOString();
    expect(res.body.aggregateStats).toEqual({ listingDate: { min: iso(Math.min(...times)), max: iso(Math.max(...times)), avg: null, sum: null } });
  });
});

/** The proxy's documented relevance: the sum of the weights of the fields whose value contains the query (any case). */
function relevanceOf(d: Doc, query: string, fields: readonly [string, number][]): number {
  const q = query.toLowerCase();
  return fields.reduce((sum, [f, w]) => (valuesAt(d, f).some((v) => typeof v === 'string' && v.toLowerCase().includes(q)) ? sum + w : sum), 0);
}
/** Every text field GetSchema lists (each has an exact value to search). */
const TEXT_FIELDS: [string, number][] = [['_cluster_.title_vector_.default', 1], ['features', 1], ['propertyDetails.area', 1], ['title', 1]];

describe('relevance-ai simple_search text query', () => {
  const expectRanked = (results: (Doc & { _relevance: number })[], expected: Map<string, number>) => {
    expect(results.length).toBe(expected.size);
    for (const r of results) expect(r._relevance).toBe(expected.get(r._id as string));
    // most relevant first; ties in any order
    expect(results.map((r) => r._relevance)).toEqual([...expected.values()].sort((a, b) => b - a));
  };

  it('searches the fields asked for, weighted, case-insensitive substrings, most relevant first', async () => {
    const fields: [string, number][] = [['features', 3], ['propertyDetails.area', 1]];
    const res = await search({ query: 'GAR', fieldsToSearch: [{ field: 'features', weight: 3 }, 'propertyDetails.area'], pageSize: 200 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const expected = new Map(docs.map((d) => [d._id as string, relevanceOf(d, 'gar', fields)] as const).filter(([, r]) => r > 0));
    expect(expected.size).toBeGreaterThan(0);
    expect(res.body.resultsSize).toBe(expected.size);
    expectRanked(res.body.results, expected);
  });

  it('searches every text field by default; with filters, facets and includeFields', async () => {
    const res = await search({
      query: 'shore', filters: [{ range: { field: 'propertyDetails.bedrooms', greaterThanOrEqualTo: 2 } }],
      fieldsToAggregate: ['features'], includeFields: ['title', '_id'], pageSize: 200,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const matches = docs.filter((d) => relevanceOf(d, 'shore', TEXT_FIELDS) > 0 && valuesAt(d, 'propertyDetails.bedrooms').some((b) => (b as number) >= 2));
    expect(matches.length).toBeGreaterThan(0);
    expect(res.body.resultsSize).toBe(matches.length);
    expectRanked(res.body.results, new Map(matches.map((d) => [d._id as string, relevanceOf(d, 'shore', TEXT_FIELDS)])));
    for (const r of res.body.results) expect(Object.keys(r).sort()).toEqual(['_id', '_relevance', 'title']);
    expect(res.body.aggregations).toEqual({ features: counts(matches, 'features', 10) });
  });

  it('an empty query is no text search', async () => {
    const res = await search({ query: '', pageSize: 1 });
    expect(res.body.resultsSize).toBe(docs.length);
    expect(res.body.results[0]._relevance).toBe(0);
  });
});

describe('relevance-ai simple_search errors', () => {
  it.each([
    ['a vector query', { vectorSearchQuery: [{ field: 'title_vector_', query: 'x' }] }, 400, ['body', 'vectorSearchQuery'], /'vectorSearchQuery' \(vector search is not served/],
    ['realtime clustering', { query: 'x', realtimeClustering: { vectorField: 'v' } }, 400, ['body', 'realtimeClustering'], /vector search/],
    ['fuzzy/sentence weights', { query: 'unit', queryConfig: { fuzzyWeight: 0 } }, 400, ['body', 'queryConfig'], /'queryConfig'/],
    ['minimumRelevance', { query: 'unit', minimumRelevance: 0.3 }, 400, ['body', 'minimumRelevance'], /'minimumRelevance'/],
    ['fieldsToSearch without query', { fieldsToSearch: ['title'] }, 400, ['body', 'fieldsToSearch'], /without 'query'/],
    ['a numeric fieldsToSearch', { query: '3', fieldsToSearch: ['title', { field: 'priceDetails.price' }] }, 400, ['body', 'fieldsToSearch', 1, 'field'], /not a text field/],
    ['an unknown fieldsToSearch', { query: 'x', fieldsToSearch: ['nope'] }, 400, ['body', 'fieldsToSearch', 0], /nope/],
    ['a bad fieldsToSearch item', { query: 'x', fieldsToSearch: [{ field: 'title', boost: 2 }] }, 422, ['body', 'fieldsToSearch', 0], /./],
    ['a non-string query', { query: 5 }, 422, ['body', 'query'], /string/],
    ['an unknown key', { page_size: 5 }, 422, ['body', 'page_size'], /extra fields/],
    ['a bad sort direction', { sort: { listingDate: 'up' } }, 422, ['body', 'sort', 'listingDate'], /enumeration/],
    ['a negative page', { page: -1 }, 422, ['body', 'page'], /must be >= 0/],
    ['sort by an unknown field', { sort: { nope: 'asc' } }, 400, ['body', 'sort', 'nope'], /nope/],
    ['a page past the result window', { page: 1000, pageSize: 10 }, 400, ['body', 'page'], /10000/],
    ['stats of a text field', { fieldsToAggregateStats: ['title'] }, 400, ['body', 'fieldsToAggregateStats', 0], /numeric/],
    ['an interval on a date field', { fieldsToAggregateStats: [{ key: 'listingDate', interval: 86400000 }] }, 400, ['body', 'fieldsToAggregateStats', 0, 'interval'], /date_interval/],
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
