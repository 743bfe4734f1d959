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

/** Druid: a zero-filled timeseries by day just under maxBuckets days long. */
const DRUID_DAYS = L.maxBuckets - 1_000;
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
 * Nue: graphql.maxAliases root fields, each grouping by store and category (~2,400 groups), selecting
 * one fragment built by doubling (each level spreads the previous twice) so that the selections after
 * fragment expansion stay just under graphql.maxFields.
 */
const NUE_ALIASES = L.graphql.maxAliases;
function nueExpensive(): Request {
  const leaf = 'store_name category count sum(field: sales_amount) avg(field: sales_count) max(field: sales_amount)';
  const perAlias = Math.floor((L.graphql.maxFields - NUE_ALIASES) / NUE_ALIASES);
  let levels = 0;
  while (6 * 2 ** (levels + 1) <= perAlias) levels++;
  const fragments = [`fragment F0 on sales_aggregate { ${leaf} }`, ...range(levels).map((i) => `fragment F${i + 1} on sales_aggregate { ...F${i} ...F${i} }`)];
  const roots = range(NUE_ALIASES).map((i) => `a${i}: aggregate_sales(groupBy: [store_name, category]) { ...F${levels} }`);
  return { path: '/graphql', body: { query: `{ ${roots.join(' ')} }\n${fragments.join('\n')}` } };
}

/** Relevance: maxDepth − 1 nested groupby levels (one per entry), customers first: one row per sale. */
function relevanceExpensive(): Request {
  const fields = ['customer_id', 'store_name', 'category', 'store_country', 'currency', 'status'];
  const groupby = range(L.maxDepth - 1).map((i) => ({ name: `g${i}`, field: fields[i % fields.length], agg: 'category' }));
  return {
    path: '/latest/datasets/sales/aggregate',
    body: { aggregation_query: { groupby, metrics: [{ name: 'total', field: 'sales_amount', agg: 'sum' }] }, page_size: 10_000 },
  };
}

/**
 * Shopware: maxEngineSearches − 1 top-level terms aggregations (each one engine query, plus the
 * documents query) over customers, each nesting metrics so the request holds maxAggregations.
 */
function shopwareExpensive(): Request {
  const top = L.maxEngineSearches - 1;
  const perTop = Math.floor(L.maxAggregations / top);
  const metric = (i: number, j: number): object => ({ name: `m${i}-${j}`, type: ['avg', 'sum', 'min', 'max', 'stats'][j % 5], field: FIELDS[j % 2] });
  const aggregations = range(top).map((i) => {
    // a chain: terms → terms → … → metric, perTop aggregations in all
    let inner: object = metric(i, perTop - 1);
    for (let j = perTop - 2; j >= 1; j--) inner = { name: `t${i}-${j}`, type: 'terms', field: ['category', 'status', 'currency'][j % 3], aggregation: inner };
    return { name: `c${i}`, type: 'terms', field: 'customer_id', aggregation: inner };
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
      described: `${NUE_ALIASES} aliased root fields grouping by store_name × category (~2,400 groups each), one doubling fragment each, selections after expansion under graphql.maxFields ${L.graphql.maxFields}`,
    },
    {
      dialect: 'relevance-ai',
      simple: { path: '/latest/datasets/sales/aggregate', body: { aggregation_query: { groupby: [{ name: 'country', field: 'store_country', agg: 'category' }], metrics: [{ name: 'avg', field: 'sales_amount', agg: 'avg' }] } } },
      expensive: relevanceExpensive(),
      described: `${L.maxDepth - 1} nested groupby entries (customer_id first), page_size 10,000: maxDepth ${L.maxDepth} levels`,
    },
    {
      dialect: 'shopware',
      simple: { path: '/api/search/sales', body: { limit: 1, aggregations: [{ name: 'country', type: 'terms', field: 'store_country', aggregation: { name: 'avg', type: 'avg', field: 'sales_amount' } }] } },
      expensive: shopwareExpensive(),
      described: `${L.maxEngineSearches - 1} terms aggregations over customer_id (maxEngineSearches ${L.maxEngineSearches}), each a chain of terms and a metric, ${L.maxAggregations} aggregations in all (maxAggregations)`,
    },
  ];
}
