/**
 * Relevance AI's dataset routes, end to end with auth on: ListDatasets and GetSchema list only what
 * the key may read, GetSchema names the mapping's fields in Relevance's types, ListFacets counts
 * values (text, bool) and gives min/max (numbers, dates); expected answers from the fixture rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { listings } from '../../src/auth/listings.js';
import { compareKeys, valuesAt, type Doc, type Value } from '../../helpers/reference.js';

const KEY = 'relevance-datasets-key-0123456789';
const docs = listings.docs as Doc[];
let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy([listings, { ...listings, dataset: 'secret', docs: docs.slice(0, 5) }], {
    auth: { enabled: true, tenants: { main: { datasets: ['listings'], apiKeys: [KEY] } } },
  });
});
afterAll(async () => proxy?.close());

const headers = { authorization: `proj:${KEY}`, 'content-type': 'application/json' };
const get = async (path: string) => {
  const r = await fetch(proxy.base + path, { headers });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const facets = async (body: unknown) => {
  const r = await fetch(`${proxy.base}/latest/datasets/listings/facets`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as Record<string, any> };
};

function valueFacet(field: string, pageSize: number, asc = false): Record<string, Value | number>[] {
  const n = new Map<Value, number>();
  for (const d of docs) for (const v of new Set(valuesAt(d, field))) n.set(v, (n.get(v) ?? 0) + 1);
  return [...n].sort(([a, x], [b, y]) => (asc ? x - y : y - x) || compareKeys(a, b)).slice(0, pageSize).map(([v, c]) => ({ [field]: v, frequency: c }));
}
const range = (field: string, iso = false) => {
  const xs = docs.flatMap((d) => valuesAt(d, field)).map((v) => (iso ? Date.parse(String(v)) : (v as number)));
  const f = (x: number) => (iso ? new Date(x).toISOString() : x);
  return { min: f(Math.min(...xs)), max: f(Math.max(...xs)) };
};
/**
 * A number facet: min/max and the documents per bucket of `interval` (stated by the test: about a
 * tenth of the span, 1, 2 or 5 times a power of ten), lowest first, empty buckets left out.
 */
const numberFacet = (field: string, interval: number) => {
  const n = new Map<number, number>();
  for (const d of docs) {
    const starts = new Set((valuesAt(d, field) as number[]).map((v) => Number((Math.floor(v / interval) * interval).toPrecision(12))));
    for (const s of starts) n.set(s, (n.get(s) ?? 0) + 1);
  }
  const histogram = [...n].sort(([a], [b]) => a - b).map(([s, c]) => ({ [field]: s, frequency: c }));
  return { ...range(field), histogram };
};

/** A date facet: min/max and the documents per UTC month (or day), oldest first, computed from the rows. */
const dateFacet = (field: string, unit: 'month' | 'day' = 'month') => {
  const n = new Map<string, number>();
  for (const d of docs) {
    const starts = new Set(valuesAt(d, field).map((v) => {
      const iso = new Date(Date.parse(String(v))).toISOString();
      return unit === 'month' ? `${iso.slice(0, 7)}-01T00:00:00.000Z` : `${iso.slice(0, 10)}T00:00:00.000Z`;
    }));
    for (const s of starts) n.set(s, (n.get(s) ?? 0) + 1);
  }
  const histogram = [...n].sort(([a], [b]) => a.localeCompare(b)).map(([s, c]) => ({ [field]: s, frequency: c }));
  return { ...range(field, true), histogram };
};

describe('relevance-ai ListDatasets and GetSchema', () => {
  it('lists only the datasets the key may read, under /latest and /v1', async () => {
    expect(await get('/latest/datasets/list')).toEqual({ status: 200, body: { datasets: ['listings'], count: 1 } });
    expect((await get('/v1/datasets/list')).body).toEqual({ datasets: ['listings'], count: 1 });
  });

  it("names each document field in Relevance's types, objects as dict, without keyword sub-fields", async () => {
    expect(await get('/latest/datasets/listings/schema')).toEqual({
      status: 200,
      body: {
        _cluster_: 'dict', '_cluster_.title_vector_': 'dict', '_cluster_.title_vector_.default': 'text',
        features: 'text', listingDate: 'date', petsAllowed: 'bool',
        priceDetails: 'dict', 'priceDetails.price': 'numeric',
        propertyDetails: 'dict', 'propertyDetails.area': 'text', 'propertyDetails.bathrooms': 'numeric', 'propertyDetails.bedrooms': 'numeric', 'propertyDetails.carspaces': 'numeric',
        title: 'text',
      },
    });
  });

  it('a dataset the key may not read, or none at all, is the same 404', async () => {
    const hidden = await get('/latest/datasets/secret/schema');
    const none = await get('/latest/datasets/nope/schema');
    expect(hidden.status).toBe(404);
    expect(hidden.body.message).toBe("Dataset 'secret' not found");
    expect(none.status).toBe(404);
    expect((await facets({})).status).toBe(200);
    const r = await fetch(`${proxy.base}/latest/datasets/secret/facets`, { method: 'POST', headers, body: '{}' });
    expect(r.status).toBe(404);
  });

  it('without a key: 401', async () => {
    expect((await fetch(`${proxy.base}/latest/datasets/list`)).status).toBe(401);
  });
});

describe('relevance-ai ListFacets', () => {
  it('every field when fields is empty: values with frequencies for text and bool, min/max and a histogram for numbers and dates', async () => {
    const res = await facets({ page_size: 4 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      results: {
        '_cluster_.title_vector_.default': valueFacet('_cluster_.title_vector_.default', 4),
        features: valueFacet('features', 4),
        listingDate: dateFacet('listingDate'),
        petsAllowed: valueFacet('petsAllowed', 4),
        // prices span 350–940.5: a tenth is 59.05, so buckets of 100; the integer fields span 2–3: buckets of 1
        'priceDetails.price': numberFacet('priceDetails.price', 100),
        'propertyDetails.area': valueFacet('propertyDetails.area', 4),
        'propertyDetails.bathrooms': numberFacet('propertyDetails.bathrooms', 1),
        'propertyDetails.bedrooms': numberFacet('propertyDetails.bedrooms', 1),
        'propertyDetails.carspaces': numberFacet('propertyDetails.carspaces', 1),
        title: valueFacet('title', 4),
      },
    });
  });

  it('the fields asked for, in that order, with the default page size and asc', async () => {
    const res = await facets({ fields: ['propertyDetails.area', 'priceDetails.price'], asc: true });
    expect(res.body).toEqual({ results: { 'propertyDetails.area': valueFacet('propertyDetails.area', 1000, true), 'priceDetails.price': numberFacet('priceDetails.price', 100) } });
    expect(Object.keys(res.body.results)).toEqual(['propertyDetails.area', 'priceDetails.price']);
  });

  it('date facets bucket by date_interval (daily here), numbers by an interval from their span', async () => {
    const res = await facets({ fields: ['listingDate', 'priceDetails.price'], date_interval: 'daily' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ results: { listingDate: dateFacet('listingDate', 'day'), 'priceDetails.price': numberFacet('priceDetails.price', 100) } });
    expect(res.body.results['priceDetails.price'].histogram.map((e: Record<string, number>) => e['priceDetails.price'])).toEqual([300, 400, 500, 600, 700, 800, 900]);
    expect(res.body.results.listingDate.histogram.length).toBeGreaterThan(1);
  });

  it.each([
    ['an unknown field', { fields: ['nope'] }, 400, ['body', 'fields', 0], /nope/],
    ['an object field', { fields: ['priceDetails'] }, 400, ['body', 'fields', 0], /priceDetails/],
    ['an unknown key', { field: ['title'] }, 422, ['body', 'field'], /extra fields/],
    ['a bad page_size', { page_size: 0 }, 422, ['body', 'page_size'], /must be >= 1/],
    ['a bad date_interval', { date_interval: 'fortnightly' }, 422, ['body', 'date_interval'], /monthly/],
  ])('%s', async (_n, body, status, loc, message) => {
    const res = await facets(body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    const err = status === 422 ? { loc: res.body.detail[0].loc, message: res.body.detail[0].msg } : res.body;
    expect(err.loc).toEqual(loc);
    expect(err.message).toMatch(message);
  });
});
