/** Hostile Shopware Admin API criteria (POST /api/search/product and /api/search-ids/product): see README "Shopware". */
import { fixtures, products } from '../translators/shopware/fixtures.js';
import { bodyCases, Cases, nestText, wrongTypes, type Case } from './cases.js';
import type { Rng } from './prng.js';
import type { Request } from './proxy-process.js';

export { fixtures as shopwareFixtures };
const PATH = '/api/search/product';
const post = (body: unknown, path = PATH): Request => ({ method: 'POST', path, body });

const sets = { name: 'sets', type: 'terms', field: 'fixtureSet' };
export const simple = { limit: 1, aggregations: [sets] };
const base = {
  limit: 5,
  page: 1,
  'total-count-mode': 1,
  filter: [{ type: 'range', field: 'stock', parameters: { gte: 0 } }, { type: 'equalsAny', field: 'fixtureSet', value: ['es-product', 'dal-range'] }],
  'post-filter': [{ type: 'contains', field: 'name', value: 'a' }],
  sort: [{ field: 'stock', order: 'DESC' }],
  aggregations: [
    { name: 'avg-stock', type: 'avg', field: 'stock' },
    { name: 't', type: 'terms', field: 'manufacturerId', limit: 5, sort: { field: 'stock', order: 'DESC' }, aggregation: { name: 'm', type: 'max', field: 'stock' } },
    { name: 'f', type: 'filter', filter: [{ type: 'equals', field: 'active', value: true }], aggregation: { name: 's', type: 'sum', field: 'stock' } },
    { name: 'r', type: 'range', field: 'stock', ranges: [{ to: 10 }, { from: 10 }] },
    { name: 'h', type: 'histogram', field: 'releaseDate', interval: 'month' },
  ],
};

type Bucket = { key?: string; count?: number };
type Answer = { total?: number; data?: unknown[]; aggregations?: Record<string, { buckets?: Bucket[] }> };

/** Whole when the `sets` terms buckets count the fixture products `keep` selects, per fixture set. */
const setsOf = (keep: (p: Record<string, unknown>) => boolean) => (body: unknown): string | undefined => {
  const buckets = (body as Answer)?.aggregations?.sets?.buckets;
  if (!Array.isArray(buckets)) return 'no sets buckets';
  const want = new Map<string, number>();
  for (const p of products) if (keep(p)) want.set(String(p.fixtureSet), (want.get(String(p.fixtureSet)) ?? 0) + 1);
  if (buckets.length !== want.size) return `${buckets.length} buckets, expected ${want.size}`;
  for (const b of buckets) if (want.get(String(b.key)) !== b.count) return `set ${b.key}: ${b.count}, expected ${want.get(String(b.key))}`;
  return undefined;
};
export const simpleOk = setsOf(() => true);
const withFilter = (filter: object[], key = 'filter') => ({ ...simple, [key]: filter });

export function shopwareCases(r: Rng): Case[] {
  const c = new Cases('shopware');
  // PHP reads a few keys leniently by design (limit/page as digit strings, an operator as any string): kept out
  // and a filter value or the ids as a string joined by "|" (or any scalar) by design
  const lenient = (p: string) => /\/(?:operator|order|naturalSorting|apiAlias|value)$/.test(p) || p === '/total-count-mode' || p === '/ids';
  // a JSON `null` body is PHP's empty request: an empty criteria, answered whole
  const everything = (b: unknown) => ((b as Answer)?.total === products.length ? undefined : `total ${(b as Answer)?.total}, expected ${products.length}`);
  wrongTypes(c, r, 'search', post, base, { skip: lenient, rootWhole: { null: everything } });
  wrongTypes(c, r, 'search-ids', (b) => post(b, '/api/search-ids/product'), { limit: 3, filter: [{ type: 'prefix', field: 'productNumber', value: 'SW' }], ids: ['a', 'b'] }, { skip: lenient, rootWhole: { null: everything } });

  // deep: every nested construct, 600 and 5,000 (the HTTP depth scan or limits.maxDepth)
  const eq = '{"type":"equals","field":"stock","value":1}';
  for (const d of [600, 5000]) {
    for (const t of ['multi', 'not', 'and', 'nor'])
      c.add('deep', { name: `filter-${t}-${d}`, request: post(`{"filter":[${nestText(d, `{"type":"${t}","queries":[`, eq, ']}')}]}`) });
    c.add('deep', { name: `post-filter-multi-${d}`, request: post(`{"post-filter":[${nestText(d, '{"type":"multi","operator":"or","queries":[', eq, ']}')}]}`) });
    c.add('deep', { name: `aggregation-chain-${d}`, request: post(`{"aggregations":[${nestText(d, '{"name":"t","type":"terms","field":"stock","aggregation":', '{"name":"leaf","type":"avg","field":"stock"}', '}')}]}`) });
    c.add('deep', { name: `filter-aggregation-${d}`, request: post(`{"aggregations":[${nestText(d, `{"name":"f","type":"filter","filter":[${eq}],"aggregation":`, '{"name":"leaf","type":"avg","field":"stock"}', '}')}]}`) });
    c.add('deep', { name: `equals-value-list-${d}`, request: post(`{"filter":[{"type":"equals","field":"stock","value":${nestText(d, '[', '1', ']')}}]}`) });
    c.add('deep', { name: `query-score-${d}`, request: post(`{"query":[{"score":10,"query":${nestText(d, '{"type":"not","queries":[', eq, ']}')}}]}`) });
  }

  // long strings in every pattern and term
  const HEAP = 'a pattern of 10,000+ characters at the engine: automaton heap, OutOfMemoryError from about 100 k (issue 23 point 1)';
  const f = (name: string, filter: object, key = 'filter') => c.add('long-string', { name, request: post(withFilter([filter], key)), beforeEngine: HEAP });
  for (const [n, len] of [['10k', 10_000], ['100k', 100_000], ['900k', 900_000]] as const) {
    f(`contains-${n}`, { type: 'contains', field: 'name', value: r.string(len) });
    f(`prefix-${n}`, { type: 'prefix', field: 'productNumber', value: r.string(len) }, 'post-filter');
    f(`suffix-${n}`, { type: 'suffix', field: 'name', value: r.string(len) });
  }
  f('contains-percent-10000', { type: 'contains', field: 'name', value: `${'%'.repeat(10_000)}x` });
  f('contains-star-10000', { type: 'contains', field: 'name', value: `${'*?'.repeat(5_000)}x` });
  const eqLong = r.string(900_000);
  c.add('long-string', { name: 'equals-900k', request: post(withFilter([{ type: 'equals', field: 'name', value: eqLong }])), whole: setsOf(() => false) });
  c.add('long-string', { name: 'field-name-900k', request: post(withFilter([{ type: 'equals', field: r.string(900_000), value: 1 }])) });
  // the criteria keys that load or search: a 900k term, an association's filter of 5,000 clauses, associations 60 deep
  c.add('long-string', { name: 'term-900k', request: post({ term: r.string(900_000) }) });
  c.add('big-list', { name: 'association-filter-5000', request: post({ associations: { categories: { filter: Array.from({ length: 5_000 }, () => ({ type: 'contains', field: 'name', value: 'x' })) } } }) });
  c.add('deep', { name: 'associations-60', request: post(`{"associations":${nestText(60, '{"categories":{"associations":', '{}', '}}')}}`) });
  c.add('big-list', { name: 'grouping-20000', request: post({ grouping: Array.from({ length: 20_000 }, () => 'stock') }) });
  // an aggregation's name is only its output key
  const aggName = r.string(100_000);
  c.add('long-string', { name: 'aggregation-name-100k', request: post({ limit: 1, aggregations: [{ ...sets, name: aggName }] }), whole: (b) => setsOf(() => true)({ aggregations: { sets: (b as Answer)?.aggregations?.[aggName] } }) });
  c.add('long-string', { name: 'sort-field-100k', request: post({ ...simple, sort: [{ field: r.string(100_000), order: 'ASC' }] }) });

  // catastrophic patterns: LIKE-style wildcards are literal characters in Shopware's contains
  for (const [name, value] of [['regex-nested-plus', '(a+)+$'], ['regex-class', '[a-z]*'], ['like-percent', '%a%b%'], ['underscore', '____'], ['backslashes', '\\\\\\*'], ['star-question', '*?*?*?*']] as const)
    c.add('regex', { name, request: post(withFilter([{ type: 'contains', field: 'name', value }])), whole: setsOf((p) => String(p.name).includes(value)) });

  // big lists
  const words = (n: number) => Array.from({ length: n }, (_, i) => `v${i}-${r.string(3)}`);
  c.add('big-list', { name: 'equals-any-100k', request: post(withFilter([{ type: 'equalsAny', field: 'fixtureSet', value: [...words(99_999), 'dal-range'] }])) });
  c.add('big-list', { name: 'equals-any-10000-at-limit', request: post(withFilter([{ type: 'equalsAny', field: 'fixtureSet', value: [...words(9_999), 'dal-range'] }])), whole: setsOf((p) => p.fixtureSet === 'dal-range') });
  c.add('big-list', { name: 'ids-30k', request: post({ ...simple, ids: words(30_000) }) });
  c.add('big-list', { name: 'or-10k', request: post(withFilter([{ type: 'multi', operator: 'or', queries: words(10_000).map((w) => ({ type: 'equals', field: 'fixtureSet', value: w })) }])) });
  c.add('big-list', { name: 'filters-10k', request: post(withFilter(words(10_000).map((w) => ({ type: 'not', queries: [{ type: 'equals', field: 'fixtureSet', value: w }] })))) });
  c.add('big-list', { name: 'aggregations-5000', request: post({ limit: 1, aggregations: Array.from({ length: 5000 }, (_, i) => ({ name: `a${i}`, type: 'avg', field: 'stock' })) }) });
  c.add('big-list', { name: 'sort-10k', request: post({ ...simple, sort: Array.from({ length: 10_000 }, () => ({ field: 'stock', order: 'ASC' })) }), whole: simpleOk });
  c.add('big-list', { name: 'includes-1000', request: post({ ...simple, includes: { product: words(1000) } }), whole: simpleOk });
  // at limits.maxTerms the names reach the engine as a _source filter: 4–6 s of engine CPU before it refuses
  c.add('big-list', { name: 'includes-10k', request: post({ ...simple, includes: { product: words(10_000) } }), unsafe: 'reaches the engine as a _source filter of 10,000 patterns: 4–6 s of engine CPU before it refuses (too many determinized states)' });
  c.add('big-list', { name: 'includes-10001', request: post({ ...simple, includes: { product: words(10_001) } }), beforeEngine: 'a _source filter of 10,000+ patterns: seconds of engine CPU on its automaton' });
  c.add('big-list', { name: 'query-10k', request: post({ ...simple, query: words(10_000).map((w) => ({ score: 1, query: { type: 'equals', field: 'name', value: w } })) }) });

  // bucket explosions
  const hist = (interval: string, field = 'releaseDate') => ({ limit: 1, aggregations: [{ name: 'h', type: 'histogram', field, interval }] });
  const histWhole = (field: string) => (body: unknown): string | undefined => {
    const buckets = (body as Answer)?.aggregations?.h?.buckets;
    if (!Array.isArray(buckets)) return 'no histogram buckets';
    const want = products.filter((p) => p[field] !== undefined && p[field] !== null).length;
    const got = buckets.reduce((s, b) => s + Number(b.count ?? 0), 0);
    return got === want ? undefined : `${got} products in the buckets, expected ${want}`;
  };
  c.add('bucket-explosion', { name: 'histogram-minute', request: post(hist('minute')), whole: histWhole('releaseDate'), timeoutMs: 30_000 });
  c.add('bucket-explosion', { name: 'histogram-minute-createdAt', request: post(hist('minute', 'createdAt')), whole: histWhole('createdAt'), timeoutMs: 30_000 });
  c.add('bucket-explosion', { name: 'histogram-interval-second', request: post(hist('second')) });
  c.add('bucket-explosion', { name: 'histogram-interval-1ms', request: post(hist('1ms')) });
  c.add('bucket-explosion', { name: 'terms-limit-1e308', request: post({ limit: 1, aggregations: [{ ...sets, limit: 1e308 }] }), whole: simpleOk });
  c.add('bucket-explosion', { name: 'terms-limit-negative', request: post({ limit: 1, aggregations: [{ ...sets, limit: -5 }] }), whole: simpleOk });
  // ten terms levels on the id: one bucket per product at each level, nothing explodes
  c.add('bucket-explosion', { name: 'terms-under-terms-10-deep', request: post({ limit: 1, aggregations: [JSON.parse(nestText(10, '{"name":"t","type":"terms","field":"id","aggregation":', '{"name":"leaf","type":"avg","field":"stock"}', '}'))] }), timeoutMs: 30_000, whole: (b) => ((b as Answer)?.aggregations?.t?.buckets?.length === products.length ? undefined : 'not one bucket per product') });
  c.add('bucket-explosion', { name: 'range-10k', request: post({ limit: 1, aggregations: [{ name: 'r', type: 'range', field: 'stock', ranges: Array.from({ length: 10_000 }, (_, i) => ({ from: i, to: i + 1 })) }] }) });
  c.add('bucket-explosion', { name: 'limit-1e308', request: post({ ...simple, limit: 1e308 }) });
  // Shopware has no maximum limit unless configured (api.max_limit): all 65 products
  c.add('bucket-explosion', { name: 'limit-1e9', request: post({ ...simple, limit: 1e9 }), whole: (b) => ((b as Answer)?.data?.length === products.length ? undefined : 'not every product') });
  c.add('bucket-explosion', { name: 'page-1e15', request: post({ ...simple, limit: 10, page: 1e15 }) });
  c.add('bucket-explosion', { name: 'limit-page-product-overflow', request: post({ ...simple, limit: 2 ** 31, page: 2 ** 31 }) });
  c.add('bucket-explosion', { name: 'search-ids-limit-1e9', request: post({ limit: 1e9 }, '/api/search-ids/product'), whole: (b) => ((b as Answer)?.data?.length === products.length ? undefined : 'not every id') });

  // index escapes: only exposed entities, never a pattern, list, system index or path
  for (const e of ['_all', '*', '.kibana', 'product,other', '..%2Fx', '%2e%2e', 'prod*', 'product%00', '-product', 'product%2F..%2F_all', 't-product-*', '.opendistro_security', '.tasks', 't-hostile-*', 'product_manufacturer'])
    c.add('index-escape', { name: `entity-${e}`, request: post(simple, `/api/search/${e}`) });
  for (const e of ['_all', '*', 'product,x'])
    c.add('index-escape', { name: `ids-entity-${e}`, request: post({ limit: 1 }, `/api/search-ids/${e}`) });
  c.add('index-escape', { name: 'entity-aggregation-_all', request: post({ limit: 1, aggregations: [{ name: 'e', type: 'entity', field: 'manufacturerId', definition: '_all' }] }) });
  c.add('index-escape', { name: 'entity-aggregation-kibana', request: post({ limit: 1, aggregations: [{ name: 'e', type: 'entity', field: 'manufacturerId', definition: '.kibana' }] }) });
  c.add('index-escape', { name: 'currency-header', request: { method: 'POST', path: PATH, body: simple, headers: { 'sw-currency-id': '../../_all' } } });
  c.add('index-escape', { name: 'language-header', request: { method: 'POST', path: PATH, body: simple, headers: { 'sw-language-id': '*' } } });

  // script injection in field names, sort keys and values: an unknown field, or a value compared as data
  const evil = ["doc['stock'].value", "stock'; return 1; //", 'params._source', '_source', '_id', '*', 'product.*', 'stock.__proto__', 'customFields.*', '../stock'];
  evil.forEach((e, i) => {
    c.add('injection', { name: `filter-field-${i}`, request: post(withFilter([{ type: 'equals', field: e, value: 1 }])) });
    c.add('injection', { name: `aggregation-field-${i}`, request: post({ limit: 1, aggregations: [{ name: 'a', type: 'avg', field: e }] }) });
    c.add('injection', { name: `terms-field-${i}`, request: post({ limit: 1, aggregations: [{ name: 'a', type: 'terms', field: e }] }) });
    c.add('injection', { name: `sort-field-${i}`, request: post({ ...simple, sort: [{ field: e, order: 'ASC' }] }) });
  });
  const painless = "x'; System.exit(0); '";
  c.add('injection', { name: 'equals-value-painless', request: post(withFilter([{ type: 'equals', field: 'name', value: painless }])), whole: setsOf(() => false) });
  c.add('injection', { name: 'contains-value-painless', request: post(withFilter([{ type: 'contains', field: 'name', value: painless }])), whole: setsOf(() => false) });
  c.add('injection', { name: 'range-parameter-script', request: post(withFilter([{ type: 'range', field: 'stock', parameters: { gte: "doc['stock'].value" } }])) });
  c.add('injection', { name: 'range-parameter-unknown', request: post(withFilter([{ type: 'range', field: 'stock', parameters: { script: 'System.exit(0)' } }])) });
  // Shopware reads any order other than DESC as ASC
  c.add('injection', { name: 'sort-order-script', request: post({ ...simple, sort: [{ field: 'stock', order: "ASC; doc['x']" }] }), whole: simpleOk });
  c.add('injection', { name: 'terms-sort-script', request: post({ limit: 1, aggregations: [{ ...sets, sort: { field: "_script'", order: 'ASC' } }] }) });
  // a PHP date() format is formatted by the proxy, never sent as a script: whole, with odd keys
  c.add('injection', { name: 'histogram-format-painless', request: post({ limit: 1, aggregations: [{ name: 'h', type: 'histogram', field: 'releaseDate', interval: 'day', format: "'); System.exit(0); ('" }] }), whole: histWhole('releaseDate') });
  c.add('injection', { name: 'histogram-timezone-path', request: post({ limit: 1, aggregations: [{ name: 'h', type: 'histogram', field: 'releaseDate', interval: 'day', timeZone: '../../etc/passwd' }] }) });
  // a search term is data: its tokens ('system', 'exit') are matched as text, and no product has them
  c.add('injection', { name: 'term-search', request: post({ ...simple, term: "*'; System.exit(0)" }), whole: setsOf(() => false) });
  // PHP's (float) of a non-numeric string is 0: a score query matching nothing, so no products
  c.add('injection', { name: 'score-query-script', request: post({ ...simple, query: [{ score: "doc['stock'].value", query: { type: 'equals', field: 'name', value: 'x' } }] }), whole: setsOf(() => false) });

  // the OAuth token route: credentials are data, never a query
  // (the test app configures no credentials: any client gets a token, as an open Shopware dev setup would)
  const token = (b: unknown) => ((b as { token_type?: string })?.token_type === 'Bearer' ? undefined : 'no bearer token');
  for (const [name, body, whole] of [['token-not-object', '[]'], ['token-grant-array', { grant_type: ['client_credentials'], client_id: 'x', client_secret: 'y' }], ['token-long-secret', { grant_type: 'client_credentials', client_id: 'x', client_secret: r.string(4000) }, token], ['token-over-4k', { grant_type: 'client_credentials', client_id: r.string(10_000), client_secret: 'y' }]] as const)
    c.add('body', { name, request: post(body, '/api/oauth/token'), ...(whole ? { whole } : {}) });

  // an empty body is PHP's empty request (an empty criteria)
  bodyCases(c, PATH, simple, simpleOk, { whole: { 'empty-body': everything } });
  return c.all;
}
