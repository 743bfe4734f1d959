/** Hostile Relevance AI aggregate requests (POST /latest/datasets/listings/aggregate and the services routes): see README "Relevance AI". */
import { readFileSync } from 'node:fs';
import type { FixtureIndex } from '../helpers/harness.js';
import { bodyCases, Cases, nestText, wrongTypes, type Case } from './cases.js';
import { MANY_KEYS } from './druid.js';
import type { Rng } from './prng.js';
import type { Request } from './proxy-process.js';

type Doc = { propertyDetails: { area?: string; bedrooms?: number }; title: string; features?: string[]; priceDetails?: { price?: number } };
const docs = JSON.parse(readFileSync(new URL('../../fixtures/relevance/listings.json', import.meta.url), 'utf8')) as Doc[];
const mapping = JSON.parse(readFileSync(new URL('../../fixtures/relevance/mapping.json', import.meta.url), 'utf8')) as object;
export const relevanceFixtures: FixtureIndex[] = [{ dataset: 'listings', mapping, docs: docs as unknown as object[], shards: 2 }];

const PATH = '/latest/datasets/listings/aggregate';
const post = (body: unknown, path = PATH): Request => ({ method: 'POST', path, body });

const byArea = { name: 'area', field: 'propertyDetails.area', agg: 'category' };
export const simple = { aggregation_query: { groupby: [byArea], metrics: [{ name: 'avg_price', field: 'priceDetails.price', agg: 'avg' }] }, page_size: 50 };
const base = {
  aggregation_query: {
    groupby: [byArea, { name: 'beds', field: 'propertyDetails.bedrooms', agg: 'numeric' }],
    metrics: [{ name: 'avg_price', field: 'priceDetails.price', agg: 'avg' }, { name: 'p', field: 'priceDetails.price', agg: 'percentiles' }],
    sort: [{ avg_price: 'desc' }],
  },
  filters: [
    { field: 'priceDetails.price', filter_type: 'numeric', condition: '>=', condition_value: 100 },
    { field: 'title', filter_type: 'contains', condition: '==', condition_value: 'unit' },
    { field: 'propertyDetails.area', filter_type: 'exact_match', condition: '==', condition_value: 'Hills', strict: 'should' },
  ],
  page_size: 20,
  page: 1,
  asc: false,
};
const histogram = { aggregation_query: { groupby: [{ name: 'price', field: 'priceDetails.price', agg: 'numeric', buckets: { histogram: { interval: 100, min_doc_count: 1 } } }], metrics: [] }, page_size: 10 };
const services = { dataset_id: 'listings', aggregation_query: { groupby: [byArea], metrics: [] }, filters: [{ field: 'features', filter_type: 'exact_match', condition: '==', condition_value: ['garage', 'pool'] }] };

type Row = { frequency?: number; area?: string };
/** Whole when the rows are the area groups of the documents `keep` selects, with their counts. */
const areas = (keep: (d: Doc) => boolean) => (body: unknown): string | undefined => {
  const rows = (body as { results?: Row[] })?.results;
  if (!Array.isArray(rows)) return 'no results list';
  const want = new Map<string, number>();
  for (const d of docs) if (keep(d) && d.propertyDetails.area !== undefined) want.set(d.propertyDetails.area, (want.get(d.propertyDetails.area) ?? 0) + 1);
  if (rows.length !== want.size) return `${rows.length} groups, expected ${want.size}`;
  for (const row of rows) if (want.get(String(row.area)) !== row.frequency) return `area ${row.area}: ${row.frequency}, expected ${want.get(String(row.area))}`;
  return undefined;
};
export const simpleOk = areas(() => true);

/**
 * Whole when the first page (10) of non-empty histogram buckets of width `interval` is there, keyed as the
 * engine keys them (floor(price / interval) · interval, the same IEEE arithmetic) and counted exactly.
 */
const histogramWhole = (interval: number) => (body: unknown): string | undefined => {
  const rows = (body as { results?: { price?: number; frequency?: number }[] })?.results;
  if (!Array.isArray(rows)) return 'no results list';
  const want = new Map<number, number>();
  for (const d of docs) {
    const p = d.priceDetails?.price;
    if (typeof p === 'number') want.set(Math.floor(p / interval) * interval, (want.get(Math.floor(p / interval) * interval) ?? 0) + 1);
  }
  const page = [...want].sort((a, b) => a[0] - b[0]).slice(0, 10);
  if (rows.length !== page.length) return `${rows.length} buckets, expected ${page.length}`;
  for (const [i, [key, n]] of page.entries()) {
    const got = rows[i];
    if (!(Math.abs(Number(got?.price) - key) <= 1e-9 * Math.max(1, Math.abs(key))) || got?.frequency !== n) return `bucket ${i}: ${JSON.stringify(got)}, expected ${key}: ${n}`;
  }
  return undefined;
};

const withFilters = (filters: object[]) => ({ ...simple, filters });

export function relevanceCases(r: Rng): Case[] {
  const c = new Cases('relevance-ai');
  wrongTypes(c, r, 'aggregate', post, base, { perKey: 2 });
  wrongTypes(c, r, 'histogram', post, histogram);
  wrongTypes(c, r, 'services', (b) => post(b, '/latest/services/aggregate/aggregate'), services, { skip: (p) => p === '/filters/0/condition_value' });

  // deep: every nested construct of the body (the proxy's walkers), 600 and 5,000
  for (const d of [600, 5000]) {
    c.add('deep', { name: `metrics-list-${d}`, request: post(`{"aggregation_query":{"groupby":[],"metrics":${nestText(d, '[', '{"name":"n","field":"priceDetails.price","agg":"avg"}', ']')}}}`) });
    c.add('deep', { name: `groupby-list-${d}`, request: post(`{"aggregation_query":{"groupby":${nestText(d, '[', JSON.stringify(byArea), ']')},"metrics":[]}}`) });
    c.add('deep', { name: `groupby-field-object-${d}`, request: post(`{"aggregation_query":{"groupby":[{"name":"a","agg":"category","field":${nestText(d, '{"a":', '"x"', '}')}}],"metrics":[]}}`) });
    c.add('deep', { name: `filter-value-${d}`, request: post(`{"aggregation_query":{"groupby":[],"metrics":[]},"filters":[{"field":"propertyDetails.area","filter_type":"exact_match","condition":"==","condition_value":${nestText(d, '[', '"Hills"', ']')}}]}`) });
    c.add('deep', { name: `sort-${d}`, request: post(`{"aggregation_query":{"groupby":[${JSON.stringify(byArea)}],"metrics":[],"sort":${nestText(d, '[', '"area"', ']')}}}`) });
    c.add('deep', { name: `filters-list-${d}`, request: post(`{"aggregation_query":{"groupby":[],"metrics":[]},"filters":${nestText(d, '[', '{"field":"title","filter_type":"exists","condition":"==","condition_value":""}', ']')}}`) });
  }

  // long strings in every pattern, term and prefix
  const f = (name: string, filter: object, beforeEngine?: string) => c.add('long-string', { name, request: post(withFilters([filter])), ...(beforeEngine ? { beforeEngine } : {}) });
  const big = 'a case-insensitive pattern of 100 KB or more: engine OutOfMemoryError while determinizing (issue 23 point 1)';
  f('contains-10k', { field: 'title', filter_type: 'contains', condition: '==', condition_value: r.string(10_000) });
  f('contains-100k', { field: 'title', filter_type: 'contains', condition: '==', condition_value: r.string(100_000) }, big);
  f('contains-1m', { field: 'title', filter_type: 'contains', condition: '==', condition_value: r.string(1_000_000) }, big);
  f('exact-match-1m', { field: 'propertyDetails.area', filter_type: 'exact_match', condition: '==', condition_value: r.string(1_000_000) });
  f('word-match-100k', { field: 'title', filter_type: 'word_match', condition: '==', condition_value: Array.from({ length: 10_000 }, () => r.string(9)).join(' ') });
  f('regexp-50k', { field: 'propertyDetails.area', filter_type: 'regexp', condition: '==', condition_value: r.string(50_000, 'ab') });
  f('field-name-1m', { field: r.string(1_000_000), filter_type: 'exists', condition: '==', condition_value: '' });
  // a group's name is only the output key of its column: a long one is answered whole
  const longName = r.string(1_000_000);
  c.add('long-string', { name: 'groupby-name-1m', request: post({ aggregation_query: { groupby: [{ ...byArea, name: longName }], metrics: [] } }), whole: (b) => {
    const rows = (b as { results?: Record<string, unknown>[] })?.results;
    return Array.isArray(rows) && rows.length > 0 && rows.every((x) => typeof x[longName] === 'string') ? undefined : 'rows without the long-named column';
  } });

  // catastrophic and invalid regexes: refused, or answered exactly (Lucene regex semantics match JS for these)
  const regexes: [string, string][] = [['nested-plus', '(a+)+'], ['alternation-star', '(a|aa)*b'], ['repeat-1e6', 'a{1000000}'], ['repeat-nested', '((a{100}){100}){100}'], ['dot-10000', '.{10000}'], ['or-of-1000', Array.from({ length: 1000 }, () => r.string(8)).join('|')], ['invalid-bracket', '['], ['invalid-group', '(?<'], ['invalid-repeat', 'a{2,1}']];
  for (const [name, pattern] of regexes) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(`^(?:${pattern})$`);
    } catch {
      re = undefined;
    }
    c.add('regex', { name, request: post(withFilters([{ field: 'propertyDetails.area', filter_type: 'regexp', condition: '==', condition_value: pattern }])), ...(re ? { whole: areas((d) => (re as RegExp).test(d.propertyDetails.area ?? '\u0000')) } : {}) });
  }

  // big lists
  const words = (n: number) => Array.from({ length: n }, (_, i) => `v${i}-${r.string(3)}`);
  c.add('big-list', { name: 'exact-match-100k', request: post(withFilters([{ field: 'propertyDetails.area', filter_type: 'exact_match', condition: '==', condition_value: [...words(99_999), 'Hills'] }])) });
  c.add('big-list', { name: 'ids-100k', request: post(withFilters([{ field: '_id', filter_type: 'ids', condition: '==', condition_value: words(100_000) }])) });
  c.add('big-list', { name: 'exact-match-10000-at-limit', request: post(withFilters([{ field: 'propertyDetails.area', filter_type: 'exact_match', condition: '==', condition_value: [...words(9_999), 'Hills'] }])), whole: areas((d) => d.propertyDetails.area === 'Hills') });
  c.add('big-list', { name: 'should-10k', request: post(withFilters([...words(9_999), 'Hills'].map((w) => ({ field: 'propertyDetails.area', filter_type: 'exact_match', condition: '==', condition_value: w, strict: 'should' })))), whole: areas((d) => d.propertyDetails.area === 'Hills') });
  c.add('big-list', { name: 'filters-10k', request: post(withFilters(words(10_000).map((w) => ({ field: 'propertyDetails.area', filter_type: 'exact_match', condition: '!=', condition_value: w })))), whole: areas(() => true) });
  c.add('big-list', { name: 'metrics-10k', request: post({ aggregation_query: { groupby: [byArea], metrics: Array.from({ length: 10_000 }, (_, i) => ({ name: `m${i}`, field: 'priceDetails.price', agg: 'avg' })) } }) });
  c.add('big-list', { name: 'sort-10k', request: post({ aggregation_query: { groupby: [byArea], metrics: [], sort: Array.from({ length: 10_000 }, () => 'area') } }) });

  // bucket explosions
  c.add('bucket-explosion', { name: 'groupby-10k', request: post({ aggregation_query: { groupby: Array.from({ length: 10_000 }, (_, i) => ({ ...byArea, name: `g${i}` })), metrics: [] } }), beforeEngine: `10,000 groupby entries: proxy heap out of memory, RSS > 3 GB (issue 23 point 2); ${MANY_KEYS}` });
  c.add('bucket-explosion', { name: 'groupby-100-nested', request: post({ aggregation_query: { groupby: Array.from({ length: 100 }, (_, i) => ({ name: `g${i}`, field: 'priceDetails.price', agg: 'numeric' })), metrics: [] } }) });
  for (const [name, interval] of [['1e-300', 1e-300], ['zero', 0], ['negative', -5], ['1e308', 1e308], ['tiny', 1e-6]] as const)
    c.add('bucket-explosion', { name: `histogram-interval-${name}`, request: post({ ...histogram, aggregation_query: { ...histogram.aggregation_query, groupby: [{ ...histogram.aggregation_query.groupby[0], buckets: { histogram: { interval, min_doc_count: 1 } } }] } }), ...(interval > 0 ? { whole: histogramWhole(interval) } : {}) });
  c.add('bucket-explosion', { name: 'ranges-100k', request: post({ aggregation_query: { groupby: [{ name: 'r', field: 'priceDetails.price', agg: 'numeric', buckets: Array.from({ length: 100_000 }, (_, i) => ({ from: i, to: i + 1 })) }], metrics: [] } }) });
  // a page size or page beyond the groups there are is answered with the groups there are (none past the end)
  c.add('bucket-explosion', { name: 'page-size-1e9', request: post({ ...simple, page_size: 1e9 }), whole: simpleOk });
  c.add('bucket-explosion', { name: 'page-1e15', request: post({ ...simple, page: 1e15 }), whole: (b) => (Array.isArray((b as { results?: unknown[] })?.results) && (b as { results: unknown[] }).results.length === 0 ? undefined : 'rows past the last page') });
  c.add('bucket-explosion', { name: 'page-size-negative', request: post({ ...simple, page_size: -1 }) });
  c.add('bucket-explosion', { name: 'date-interval-secondly', request: post({ aggregation_query: { groupby: [{ name: 'd', field: 'listingDate', agg: 'category', date_interval: 'secondly' }], metrics: [] } }) });

  // index escapes: the path, dataset_id and dataset_ids
  for (const ds of ['..%2Fx', '_all', '*', '.kibana', 'listings,other', '%2e%2e', 'listing*', '..', '%00listings', 't-listings-*', 't-hostile-*', '.opendistro_security', '.tasks'])
    c.add('index-escape', { name: `path-${ds}`, request: post(simple, `/latest/datasets/${ds}/aggregate`) });
  for (const ds of ['../x', '_all', '*', '.kibana', 'listings,other', '%2e%2e'])
    c.add('index-escape', { name: `dataset-id-${encodeURIComponent(ds)}`, request: post({ ...simple, dataset_id: ds }, '/latest/services/aggregate/aggregate') });
  c.add('index-escape', { name: 'dataset-ids-second-ignored', request: post({ ...simple, dataset_ids: ['listings', '.kibana'] }, '/latest/services/aggregate/aggregate') });
  c.add('index-escape', { name: 'dataset-ids-two', request: post({ ...simple, dataset_ids: ['listings', 'listings'] }, '/latest/services/aggregate/aggregate') });
  c.add('index-escape', { name: 'cluster-route-_all', request: post({ ...simple, vector_fields: ['title_vector_'] }, '/latest/datasets/_all/cluster/aggregate') });

  // script injection in field names, aggs and values
  const evil = ["doc['priceDetails.price'].value", 'params._source', "priceDetails.price'; System.exit(0); '", 'priceDetails.*', '_source', '*'];
  evil.forEach((e, i) => {
    c.add('injection', { name: `metric-field-${i}`, request: post({ aggregation_query: { groupby: [], metrics: [{ name: 'm', field: e, agg: 'avg' }] } }) });
    c.add('injection', { name: `groupby-field-${i}`, request: post({ aggregation_query: { groupby: [{ name: 'g', field: e, agg: 'category' }], metrics: [] } }) });
    c.add('injection', { name: `filter-field-${i}`, request: post(withFilters([{ field: e, filter_type: 'exists', condition: '==', condition_value: '' }])) });
  });
  c.add('injection', { name: 'agg-script', request: post({ aggregation_query: { groupby: [], metrics: [{ name: 'm', field: 'priceDetails.price', agg: 'script', script: 'System.exit(0)' }] } }) });
  c.add('injection', { name: 'contains-wildcards', request: post(withFilters([{ field: 'title', filter_type: 'contains', condition: '==', condition_value: '*?\\*[a-z]*' }])), whole: areas(() => false) });
  // Relevance's FastAPI models ignore keys they do not declare; the proxy's schema does too: never a script run
  c.add('injection', { name: 'unknown-top-key-script', request: post({ ...simple, script: { source: 'System.exit(0)' } }), whole: simpleOk });

  // FastAPI ignores undeclared keys: the prototype keys are answered whole
  bodyCases(c, PATH, simple, simpleOk);
  return c.all;
}
