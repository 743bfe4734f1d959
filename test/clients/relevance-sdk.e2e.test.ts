/**
 * @relevanceai/sdk 2.0.2, unchanged but for the endpoint, against the running proxy with auth on:
 * its FilterBuilder's object filters in Aggregate, and the dataset routes it calls (ListDatasets,
 * GetSchema, ListFacets, and dataset.search(QueryBuilder()), which is SimpleSearchPost).
 * Expected answers are computed from the fixture rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilterBuilder, QueryBuilder, VecDBApiClient, VecDBClient } from '@relevanceai/sdk';
import { startProxy, type Proxy } from '../helpers/harness.js';
import { listings } from '../src/auth/listings.js';
import { valuesAt, type Doc } from '../helpers/reference.js';

const KEY = 'relevance-sdk-suite-key-0123456789';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy([listings], { auth: { enabled: true, tenants: { main: { datasets: ['listings'], apiKeys: [KEY] } } } });
});
afterAll(async () => proxy?.close());

const docs = listings.docs as Doc[];
const one = (d: Doc, path: string) => valuesAt(d, path)[0];
const client = () => new VecDBApiClient({ project: 'proj-1', api_key: KEY, endpoint: proxy.base });
const byArea = { groupby: [{ name: 'area', field: 'propertyDetails.area', agg: 'category' as const }], metrics: [] };

function perArea(keep: (d: Doc) => boolean): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of docs.filter(keep)) out[String(one(d, 'propertyDetails.area'))] = (out[String(one(d, 'propertyDetails.area'))] ?? 0) + 1;
  return out;
}
const got = (body: { results?: unknown }) => Object.fromEntries((body.results as { area: string; frequency: number }[]).map((r) => [r.area, r.frequency]));

describe('@relevanceai/sdk FilterBuilder filters in Aggregate', () => {
  it('match + range + wildcard', async () => {
    const filters = FilterBuilder().match('propertyDetails.area', ['Hills', 'Inner West']).range('priceDetails.price', { greaterThanOrEqualTo: 400, lessThan: 900 }).wildcard('title', '*UNIT in*').buildFilters();
    const { body } = await client().Aggregate({ aggregation_query: byArea, filters, page_size: 50 }, { dataset_id: 'listings' });
    const price = (d: Doc) => one(d, 'priceDetails.price') as number | undefined;
    expect(got(body)).toEqual(perArea((d) => ['Hills', 'Inner West'].includes(String(one(d, 'propertyDetails.area'))) && price(d) !== undefined && price(d)! >= 400 && price(d)! < 900 && /unit in/i.test(String(one(d, 'title')))));
  });

  it('or of two builders, each an AND', async () => {
    const filters = FilterBuilder()
      .or([FilterBuilder().match('features', 'pool').match('petsAllowed', true), FilterBuilder().range('propertyDetails.bedrooms', { greaterThan: 3 })])
      .buildFilters();
    const { body } = await client().Aggregate({ aggregation_query: byArea, filters, page_size: 50 }, { dataset_id: 'listings' });
    const has = (d: Doc, p: string, v: unknown) => valuesAt(d, p).includes(v as never);
    expect(got(body)).toEqual(perArea((d) => (has(d, 'features', 'pool') && has(d, 'petsAllowed', true)) || ((one(d, 'propertyDetails.bedrooms') as number | undefined) ?? 0) > 3));
  });

  it('the generic filter(type, key, value) and rawFilter()', async () => {
    const filters = FilterBuilder().filter('match', 'propertyDetails.area', 'Sutherland').rawFilter({ fieldExists: { field: 'priceDetails.price' } }).buildFilters();
    const { body } = await client().Aggregate({ aggregation_query: byArea, filters, page_size: 50 }, { dataset_id: 'listings' });
    expect(got(body)).toEqual(perArea((d) => one(d, 'propertyDetails.area') === 'Sutherland' && one(d, 'priceDetails.price') !== undefined));
  });

  it('a filter the proxy does not serve fails the SDK call with the 400 naming it', async () => {
    const filters = FilterBuilder().rawFilter({ random: { size: 3 } }).buildFilters();
    await expect(client().Aggregate({ aggregation_query: byArea, filters }, { dataset_id: 'listings' })).rejects.toThrow(/status 400.*random/);
  });
});

describe('@relevanceai/sdk dataset routes', () => {
  it('ListDatasets', async () => {
    const { body } = await client().ListDatasets({});
    expect(body).toEqual({ datasets: ['listings'], count: 1 });
  });

  it('GetSchema', async () => {
    const { body } = await client().GetSchema({}, { dataset_id: 'listings' });
    expect(body).toMatchObject({ title: 'text', 'priceDetails.price': 'numeric', listingDate: 'date', petsAllowed: 'bool', propertyDetails: 'dict' });
  });

  it('ListFacets', async () => {
    const { body } = await client().ListFacets({ fields: ['propertyDetails.area', 'propertyDetails.bedrooms'], page_size: 2 }, { dataset_id: 'listings' });
    const n = new Map<string, number>();
    for (const d of docs) n.set(String(one(d, 'propertyDetails.area')), (n.get(String(one(d, 'propertyDetails.area'))) ?? 0) + 1);
    const top = [...n].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).slice(0, 2).map(([area, c]) => ({ 'propertyDetails.area': area, frequency: c }));
    const beds = docs.flatMap((d) => valuesAt(d, 'propertyDetails.bedrooms') as number[]);
    // bedrooms span 1–4: buckets of 1 (a tenth of the span, whole for an integer field)
    const perBeds = new Map<number, number>();
    for (const d of docs) for (const b of new Set(valuesAt(d, 'propertyDetails.bedrooms') as number[])) perBeds.set(b, (perBeds.get(b) ?? 0) + 1);
    const histogram = [...perBeds].sort(([a], [b]) => a - b).map(([b, c]) => ({ 'propertyDetails.bedrooms': b, frequency: c }));
    expect(body).toEqual({ results: { 'propertyDetails.area': top, 'propertyDetails.bedrooms': { min: Math.min(...beds), max: Math.max(...beds), histogram } } });
  });

  it('ListFacets on a date: min/max and the yearly histogram', async () => {
    const { body } = await client().ListFacets({ fields: ['listingDate'], date_interval: 'yearly' }, { dataset_id: 'listings' });
    const ms = docs.flatMap((d) => valuesAt(d, 'listingDate')).map((v) => Date.parse(String(v)));
    const years = new Map<number, number>();
    for (const d of docs) for (const y of new Set(valuesAt(d, 'listingDate').map((v) => new Date(Date.parse(String(v))).getUTCFullYear()))) years.set(y, (years.get(y) ?? 0) + 1);
    const histogram = [...years].sort(([a], [b]) => a - b).map(([y, c]) => ({ listingDate: `${y}-01-01T00:00:00.000Z`, frequency: c }));
    expect(body).toEqual({ results: { listingDate: { min: new Date(Math.min(...ms)).toISOString(), max: new Date(Math.max(...ms)).toISOString(), histogram } } });
  });
});

describe('@relevanceai/sdk dataset.search(QueryBuilder())', () => {
  it('match + range filters, sort, page and pageSize', async () => {
    const dataset = new VecDBClient({ project: 'proj-1', api_key: KEY, endpoint: proxy.base }).dataset('listings');
    const query = QueryBuilder().match('features', ['pool', 'gym']).range('priceDetails.price', { lessThan: 800 }).sort('priceDetails.price', 'asc').page(1).pageSize(5);
    const res = await dataset.search(query);
    const price = (d: Doc) => one(d, 'priceDetails.price') as number | undefined;
    const matches = docs
      .filter((d) => valuesAt(d, 'features').some((f) => f === 'pool' || f === 'gym') && price(d) !== undefined && price(d)! < 800)
      .sort((a, b) => price(a)! - price(b)!);
    expect(res.resultsSize).toBe(matches.length);
    // ties in price may come in any order: compare the prices, then the set of documents per price
    expect(res.results.map((r) => (r as Doc & { priceDetails: { price: number } }).priceDetails.price)).toEqual(matches.slice(5, 10).map(price));
    for (const r of res.results as Doc[]) expect(matches.some((d) => d._id === r._id && price(d) === price(r))).toBe(true);
    expect(res).toMatchObject({ aggregations: {}, aggregates: {}, aggregateStats: {} });
  });

  it('a text query with fieldsToSearch (rawOption: the 2.0.2 QueryBuilder has no .query()), ranked', async () => {
    const dataset = new VecDBClient({ project: 'proj-1', api_key: KEY, endpoint: proxy.base }).dataset('listings');
    const q = QueryBuilder().rawOption('query', 'Pool').rawOption('fieldsToSearch', [{ field: 'features', weight: 2 }, 'title']).match('petsAllowed', true).pageSize(200);
    const res = await dataset.search(q);
    const rel = (d: Doc) => (valuesAt(d, 'features').some((f) => String(f).toLowerCase().includes('pool')) ? 2 : 0)
      + (valuesAt(d, 'title').some((t) => String(t).toLowerCase().includes('pool')) ? 1 : 0);
    const matches = docs.filter((d) => one(d, 'petsAllowed') === true && rel(d) > 0);
    expect(matches.length).toBeGreaterThan(0);
    expect(res.resultsSize).toBe(matches.length);
    const got = res.results as (Doc & { _relevance: number })[];
    expect(got.map((r) => r._relevance)).toEqual(matches.map(rel).sort((a, b) => b - a));
    for (const r of got) expect(r._relevance).toBe(rel(docs.find((d) => d._id === r._id)!));
  });

  it('a vector query is a 400 naming the key, in Relevance\'s error shape', async () => {
    const dataset = new VecDBClient({ project: 'proj-1', api_key: KEY, endpoint: proxy.base }).dataset('listings');
    await expect(dataset.search(QueryBuilder().vector('title_vector_', 1))).rejects.toThrow(/vectorSearchQuery/);
  });

  it('facets through rawOption', async () => {
    const dataset = new VecDBClient({ project: 'proj-1', api_key: KEY, endpoint: proxy.base }).dataset('listings');
    const res = await dataset.search(QueryBuilder().rawOption('fieldsToAggregate', ['petsAllowed']).pageSize(0));
    const pets = docs.filter((d) => one(d, 'petsAllowed') === true).length;
    expect(res.aggregations).toEqual({ petsAllowed: { false: docs.length - pets, true: pets } });
  });
});
