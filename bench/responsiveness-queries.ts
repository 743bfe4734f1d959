/**
 * Per dialect: a simple request (one grouping of ~30 countries, one metric) and the most expensive
 * request the proxy accepts under the default limits (src/policy/limits.ts), each just under the
 * bound that would refuse it. All read the one `sales` dataset of the benchmark data.
 */
import { defaultLimits as L } from '../src/policy/limits.js';

export type Dialect = 'opendatasoft' | 'druid' | 'nue-graphql' | 'relevance-ai' | 'shopware';

export interface Request {
  readonly path: string;
  readonly body: unknown;
}

export interface DialectCase {
  readonly dialect: Dialect;
  readonly simple: Request;
  readonly expensive: Request;
  /** what the expensive request is, and which limit it sits under */
  readonly described: string;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const FUNCS = ['SUM', 'AVG', 'MIN', 'MAX'] as const;
const FIELDS = ['sales_amount', 'sales_count'] as const;

/** ODS: one aggregation with maxAggregations − 1 aggregates (the group_by item is the last column). */
function odsExpensive(): Request {
  const n = L.maxAggregations - 1;
  const aggregates = Object.fromEntries(range(n).map((i) => [`a${i}`, `${FUNCS[i % 4]}(${FIELDS[(i >> 2) % 2]}) * ${1 + (i >> 3)}`]));
  return { path: '/api/v2/datasets/sales/aggregate', body: { aggregations: { a: { group_by: ['store_name'], aggregates } } } };
}

/**
 * Druid: a zero-filled timeseries by day just under the series bound, which counts the shortest
 * day a zone can have (23 hours): (maxBuckets − 2) × 23 / 24 days, rounded down to the thousand.
 */
const DRUID_DAYS = Math.floor(((L.maxBuckets - 2) * 23) / 24 / 1000) * 1000;
function druidExpensive(): Request {
  const start = Date.UTC(1000, 0, 1);
  const end = new Date(start + DRUID_DAYS * 86_400_000).toISOString().slice(0, 10);
  return {
    path: '/druid/v2',
    body: {
      queryType: 'timeseries', dataSource: 'sales', granularity: 'day', intervals: [`1000-01-01/${end}`],
      aggregations: [{ type: 'count', name: 'rows' }, { type: 'doubleSum', name: 'amount', fieldName: 'sales_amount' }],
      postAggregations: [{ type: 'arithmetic', name: 'avg', fn: '/', fields: [{ type: 'fieldAccess', fieldName: 'amount' }, { type: 'fieldAccess', fieldName: 'rows' }] }],
    },
  };
}

/**
 * Nue: aliased root fields, each grouping by store and category (~2,400 groups), each selecting a
 * fragment built by doubling (each level spreads the previous twice). graphql-armor counts this
 * shape at 39 selections per root field after expansion, so 51 of them (1,989) sit just under
 * graphql.maxFields (52 are refused), under graphql.maxAliases too.
 */
const NUE_ALIASES = 51;
const NUE_LEVELS = 2;
function nueExpensive(): Request {
  const leaf = 'store_name category count(field: customer_id) sum(field: sales_amount) avg(field: sales_count) max(field: sales_amount)';
  const fragments = [`fragment F0 on SalesAggregateRow { ${leaf} }`, ...range(NUE_LEVELS).map((i) => `fragment F${i + 1} on SalesAggregateRow { ...F${i} ...F${i} }`)];
  const roots = range(NUE_ALIASES).map((i) => `a${i}: aggregate_sales(groupBy: [store_name, category]) { ...F${NUE_LEVELS} }`);
  return { path: '/graphql', body: { query: `{ ${roots.join(' ')} }\n${fragments.join('\n')}` } };
}

/** Relevance: maxDepth − 1 nested groupby levels (one per entry). */
function relevanceExpensive(): Request {
  // every level's buckets count against maxBuckets: ~7,000 store × category × currency rows, each
  // repeated at all 63 levels, stay just under it (customers first would be refused, after the work)
  const fields = ['store_name', 'category', 'currency'];
  const groupby = range(L.maxDepth - 1).map((i) => ({ name: `g${i}`, field: fields[i % fields.length], agg: 'category' }));
  return {
    path: '/latest/datasets/sales/aggregate',
    body: { aggregation_query: { groupby, metrics: [{ name: 'total', field: 'sales_amount', agg: 'sum' }] }, page_size: 10_000 },
  };
}

/**
 * Shopware: maxEngineSearches − 1 top-level terms aggregations (each one engine query, plus the
 * documents query) over stores, each a chain of nested terms ending in a metric, so the request
 * holds just under maxAggregations. (The same over customer_id, ~63k customers, is accepted too but
 * kept the engine busy past a 120 s timeout: reported, not benchmarked.)
 */
function shopwareExpensive(): Request {
  const top = L.maxEngineSearches - 1;
  const perTop = Math.floor(L.maxAggregations / top);
  const metric = (i: number, j: number): object => ({ name: `m${i}-${j}`, type: ['avg', 'sum', 'min', 'max', 'stats'][j % 5], field: FIELDS[j % 2] });
  const aggregations = range(top).map((i) => {
    // a chain: terms → terms → … → metric, perTop aggregations in all
    let inner: object = metric(i, perTop - 1);
    // the same field at every level: the rows stay the ~200 stores (nesting other fields multiplies
    // them: category/status/currency chains made a 4 GB answer that killed the proxy, reported)
    for (let j = perTop - 2; j >= 1; j--) inner = { name: `t${i}-${j}`, type: 'terms', field: 'store_name', aggregation: inner };
    return { name: `c${i}`, type: 'terms', field: 'store_name', aggregation: inner };
  });
  return { path: '/api/search/sales', body: { limit: 1, aggregations } };
}

export function cases(): DialectCase[] {
  return [
    {
      dialect: 'opendatasoft',
      simple: { path: '/api/v2/datasets/sales/aggregate', body: { aggregations: { a: { group_by: ['store_country'], aggregates: { avg: 'AVG(sales_amount)' } } } } },
      expensive: odsExpensive(),
      described: `1 aggregation grouping by store_name (200 groups) with ${L.maxAggregations - 1} aggregates (SUM/AVG/MIN/MAX × constant): maxAggregations ${L.maxAggregations} columns`,
    },
    {
      dialect: 'druid',
      simple: {
        path: '/druid/v2',
        body: { queryType: 'groupBy', dataSource: 'sales', granularity: 'all', intervals: ['2022-01-01/2025-01-01'], dimensions: ['store_country'], aggregations: [{ type: 'doubleSum', name: 'amount', fieldName: 'sales_amount' }] },
      },
      expensive: druidExpensive(),
      described: `timeseries by day over ${DRUID_DAYS} days from 1000-01-01 (zero-filled), count + doubleSum + a post-aggregator: maxBuckets ${L.maxBuckets}`,
    },
    {
      dialect: 'nue-graphql',
      simple: { path: '/graphql', body: { query: '{ aggregate_sales(groupBy: [store_country]) { store_country avg(field: sales_amount) } }' } },
      expensive: nueExpensive(),
      described: `${NUE_ALIASES} aliased root fields grouping by store_name × category (~2,400 groups each), each a fragment doubled ${NUE_LEVELS} levels: 1,989 selections after expansion, just under graphql.maxFields ${L.graphql.maxFields}`,
    },
    {
      dialect: 'relevance-ai',
      simple: { path: '/latest/datasets/sales/aggregate', body: { aggregation_query: { groupby: [{ name: 'country', field: 'store_country', agg: 'category' }], metrics: [{ name: 'avg', field: 'sales_amount', agg: 'avg' }] } } },
      expensive: relevanceExpensive(),
      described: `${L.maxDepth - 1} nested groupby entries (store_name, category, currency, repeated), page_size 10,000: maxDepth ${L.maxDepth} levels, ~7,000 rows × 63 levels just under maxBuckets ${L.maxBuckets}`,
    },
    {
      dialect: 'shopware',
      simple: { path: '/api/search/sales', body: { limit: 1, aggregations: [{ name: 'country', type: 'terms', field: 'store_country', aggregation: { name: 'avg', type: 'avg', field: 'sales_amount' } }] } },
      expensive: shopwareExpensive(),
      described: `${L.maxEngineSearches - 1} terms aggregations over store_name (maxEngineSearches ${L.maxEngineSearches}), each a chain of ${Math.floor(L.maxAggregations / (L.maxEngineSearches - 1)) - 1} nested terms (store_name again) and a metric: ${(L.maxEngineSearches - 1) * Math.floor(L.maxAggregations / (L.maxEngineSearches - 1))} aggregations, under maxAggregations ${L.maxAggregations}`,
    },
  ];
}
