/**
 * The object filter form of @relevanceai/sdk (FilterBuilder's match, wildcard, range, or; its
 * generic filter() and rawFilter(): matchIds, fieldExists, not), end to end on the listings
 * fixture: each expected answer is the per-area count of the documents a plain predicate keeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { valuesAt, type Doc } from '../../helpers/reference.js';

const docs = JSON.parse(readFileSync(new URL('../../../fixtures/relevance/listings.json', import.meta.url), 'utf8')) as Doc[];
const mapping = JSON.parse(readFileSync(new URL('../../../fixtures/relevance/mapping.json', import.meta.url), 'utf8')) as object;

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy([{ dataset: 'listings', mapping, docs, shards: 2 }]);
});
afterAll(async () => proxy?.close());

const byArea = { groupby: [{ name: 'area', field: 'propertyDetails.area', agg: 'category' }], metrics: [] };
const post = (filters: unknown[]) => proxy.post('/latest/datasets/listings/aggregate', { aggregation_query: byArea, filters, page_size: 50 });

async function counts(filters: unknown[]): Promise<Record<string, number>> {
  const res = await post(filters);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return Object.fromEntries((res.body.results as { area: string; frequency: number }[]).map((r) => [r.area, r.frequency]));
}

function expected(keep: (d: Doc) => boolean): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of docs.filter(keep)) for (const a of valuesAt(d, 'propertyDetails.area')) out[String(a)] = (out[String(a)] ?? 0) + 1;
  return out;
}

const one = (d: Doc, path: string) => valuesAt(d, path)[0];
const price = (d: Doc) => one(d, 'priceDetails.price') as number | undefined;
const has = (d: Doc, path: string, v: unknown) => valuesAt(d, path).includes(v as never);

describe('relevance-ai object filters', () => {
  it('match: one value, a list, an array field, a number and a boolean', async () => {
    expect(await counts([{ match: { field: 'propertyDetails.area', value: 'Hills' } }])).toEqual(expected((d) => has(d, 'propertyDetails.area', 'Hills')));
    expect(await counts([{ match: { field: 'propertyDetails.area', value: ['Hills', 'Inner West'] } }])).toEqual(
      expected((d) => has(d, 'propertyDetails.area', 'Hills') || has(d, 'propertyDetails.area', 'Inner West')),
    );
    expect(await counts([{ match: { field: 'features', value: 'pool' } }, { match: { field: 'petsAllowed', value: true } }])).toEqual(
      expected((d) => has(d, 'features', 'pool') && has(d, 'petsAllowed', true)),
    );
    expect(await counts([{ match: { field: 'propertyDetails.bedrooms', value: [1, 3] } }])).toEqual(
      expected((d) => has(d, 'propertyDetails.bedrooms', 1) || has(d, 'propertyDetails.bedrooms', 3)),
    );
  });

  it('match on a text field: exact without fuzzy, word match across case with fuzzy', async () => {
    const title = '2 bedroom unit in Hills';
    expect(await counts([{ match: { field: 'title', value: title } }])).toEqual(expected((d) => one(d, 'title') === title));
    expect(await counts([{ match: { field: 'title', value: 'HILLS unit', fuzzy: true } }])).toEqual(
      expected((d) => /\bhills\b/i.test(String(one(d, 'title'))) && /\bunit\b/i.test(String(one(d, 'title')))),
    );
  });

  it('wildcard: a substring across case, * and ? patterns, a list of patterns', async () => {
    expect(await counts([{ wildcard: { field: 'propertyDetails.area', value: 'shore' } }])).toEqual(expected((d) => String(one(d, 'propertyDetails.area')).toLowerCase().includes('shore')));
    expect(await counts([{ wildcard: { field: 'propertyDetails.area', value: 'north*' } }])).toEqual(expected((d) => /^north/i.test(String(one(d, 'propertyDetails.area')))));
    expect(await counts([{ wildcard: { field: 'title', value: ['?_bedroom*', '3 bedroom unit in *s'] } }])).toEqual(
      expected((d) => /^3 bedroom unit in .*s$/i.test(String(one(d, 'title')))),
    );
  });

  it('range: each bound alone and together, on numbers and dates', async () => {
    const p = (f: (x: number) => boolean) => expected((d) => price(d) !== undefined && f(price(d) as number));
    expect(await counts([{ range: { field: 'priceDetails.price', greaterThan: 700 } }])).toEqual(p((x) => x > 700));
    expect(await counts([{ range: { field: 'priceDetails.price', greaterThanOrEqualTo: 500, lessThan: 800 } }])).toEqual(p((x) => x >= 500 && x < 800));
    expect(await counts([{ range: { field: 'priceDetails.price', lessThanOrEqualTo: 600 } }])).toEqual(p((x) => x <= 600));
    expect(await counts([{ range: { field: 'listingDate', greaterThanOrEqualTo: '2022-01-01', lessThan: '2022-03-01T00:00:00Z' } }])).toEqual(
      expected((d) => { const t = String(one(d, 'listingDate')); return t >= '2022-01-01' && t < '2022-03-01'; }),
    );
  });

  it('or of filters and of ANDed lists; not of one filter and of a list', async () => {
    const hills = (d: Doc) => has(d, 'propertyDetails.area', 'Hills');
    const pool = (d: Doc) => has(d, 'features', 'pool');
    const cheap = (d: Doc) => (price(d) ?? Infinity) < 500;
    expect(await counts([{ or: [[{ match: { field: 'propertyDetails.area', value: 'Hills' } }, { match: { field: 'features', value: 'pool' } }], { range: { field: 'priceDetails.price', lessThan: 500 } }] }])).toEqual(
      expected((d) => (hills(d) && pool(d)) || cheap(d)),
    );
    expect(await counts([{ not: { match: { field: 'features', value: 'pool' } } }])).toEqual(expected((d) => !pool(d)));
    expect(await counts([{ not: [{ match: { field: 'features', value: 'pool' } }, { match: { field: 'propertyDetails.area', value: 'Hills' } }] }])).toEqual(
      expected((d) => !(pool(d) && hills(d))),
    );
  });

  it('matchIds, fieldExists, several keys in one item, and the legacy list beside the object form', async () => {
    expect(await counts([{ matchIds: { value: ['l0', 'l1', 'l2', 'nope'] } }])).toEqual(expected((d) => ['l0', 'l1', 'l2'].includes(String(d._id))));
    expect(await counts([{ fieldExists: { field: 'priceDetails.price' } }])).toEqual(expected((d) => price(d) !== undefined));
    expect(await counts([{ fieldExists: { field: 'priceDetails.price' }, match: { field: 'features', value: 'gym' } }])).toEqual(
      expected((d) => price(d) !== undefined && has(d, 'features', 'gym')),
    );
    expect(await counts([{ field: 'features', filter_type: 'exact_match', condition: '!=', condition_value: 'gym' }, { range: { field: 'propertyDetails.bedrooms', greaterThan: 2 } }])).toEqual(
      expected((d) => !has(d, 'features', 'gym') && (one(d, 'propertyDetails.bedrooms') as number | undefined ?? -1) > 2),
    );
  });

  it("FilterBuilder's generic filter(): `key` for the field and the options it spreads into \"0\"", async () => {
    expect(await counts([{ match: { key: 'propertyDetails.area', value: 'Hills' } }])).toEqual(expected((d) => has(d, 'propertyDetails.area', 'Hills')));
    expect(await counts([{ match: { key: 'title', value: 'hills', 0: { fuzzy: true } } }])).toEqual(expected((d) => /\bhills\b/i.test(String(one(d, 'title')))));
  });
});

describe('relevance-ai object filter errors', () => {
  it.each([
    ['no filter key at all', [{}], 422, ['body', 'filters', 0], /empty filter/],
    ['an unknown key', [{ matches: { field: 'title', value: 'x' } }], 422, ['body', 'filters', 0, 'matches'], /extra fields not permitted/],
    ['a legacy item without filter_type', [{ field: 'title', condition_value: 'x' }], 422, ['body', 'filters', 0, 'filter_type'], /field required/],
    ['match without value', [{ match: { field: 'title' } }], 422, ['body', 'filters', 0, 'match', 'value'], /field required/],
    ['match without field', [{ match: { value: 'x' } }], 422, ['body', 'filters', 0, 'match', 'field'], /field required/],
    ['an unknown option', [{ range: { field: 'priceDetails.price', greaterThen: 1 } }], 422, ['body', 'filters', 0, 'range', 'greaterThen'], /extra fields/],
    ['a nested bad item', [{ or: [[{ match: { field: 'title', value: 'x' } }, { range: 5 }]] }], 422, ['body', 'filters', 0, 'or', 0, 1, 'range'], /object/],
    ['an empty or', [{ or: [] }], 422, ['body', 'filters', 0, 'or'], /fewer than 1/],
    ['range without bounds', [{ range: { field: 'priceDetails.price' } }], 400, ['body', 'filters', 0, 'range'], /needs one of/],
    ['a text bound on a number', [{ range: { field: 'priceDetails.price', lessThan: 'cheap' } }], 400, ['body', 'filters', 0, 'range', 'lessThan'], /must be a number/],
    ['a bad date', [{ range: { field: 'listingDate', greaterThan: 'soon' } }], 400, ['body', 'filters', 0, 'range', 'greaterThan'], /not a date/],
    ['an unknown field', [{ not: { match: { field: 'nope', value: 1 } } }], 400, ['body', 'filters', 0, 'not', 'match', 'field'], /nope/],
    ['an object value', [{ match: { field: 'title', value: { a: 1 } } }], 400, ['body', 'filters', 0, 'match', 'value'], /string, number or boolean/],
    ['an unsupported filter', [{ wordCount: { field: 'title', greaterThan: 2 } }], 400, ['body', 'filters', 0, 'wordCount'], /wordCount/],
    ['a legacy item with an object key beside it', [{ field: 'title', filter_type: 'exists', match: { field: 'title', value: 'x' } }], 422, ['body', 'filters', 0, 'match'], /extra fields/],
    ['field and key naming different fields', [{ match: { field: 'title', key: 'features', value: 'x' } }], 400, ['body', 'filters', 0, 'match', 'key'], /different fields/],
    ['too many nested filters', [{ or: Array.from({ length: 1100 }, () => ({ match: { field: 'title', value: 'x' } })) }], 400, ['body', 'filters', 0, 'or'], /filters/],
  ])('%s', async (_name, filters, status, loc, message) => {
    const res = await post(filters);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (status === 422) {
      expect(res.body.detail[0].loc).toEqual(loc);
      expect(res.body.detail[0].msg).toMatch(message);
    } else {
      expect(res.body.loc.slice(0, loc.length)).toEqual(loc);
      expect(res.body.message).toMatch(message);
    }
  });
});
