/** The fixed query mix: every implemented dialect, from a single grouping to nested levels. */
export interface BenchQuery {
  readonly id: string;
  readonly dialect: 'relevance-ai' | 'nue-graphql' | 'druid' | 'druid-sql' | 'shopware' | 'opendatasoft' | 'ods-explore';
  readonly path: string;
  /** absent: a GET (the Explore API's query string is in `path`) */
  readonly body?: unknown;
}

const rel = (id: string, aggregation_query: unknown, extra: object = {}): BenchQuery => ({
  id,
  dialect: 'relevance-ai',
  path: '/latest/datasets/sales/aggregate',
  body: { aggregation_query, ...extra },
});
const nue = (id: string, query: string): BenchQuery => ({ id, dialect: 'nue-graphql', path: '/graphql', body: { query } });
const druidSql = (id: string, query: string): BenchQuery => ({ id, dialect: 'druid-sql', path: '/druid/v2/sql', body: { query } });
const druid = (id: string, query: object): BenchQuery => ({ id, dialect: 'druid', path: '/druid/v2', body: query });
const shopware = (id: string, criteria: object): BenchQuery => ({ id, dialect: 'shopware', path: '/api/search/sales', body: criteria });
const ods = (id: string, body: object): BenchQuery => ({ id, dialect: 'opendatasoft', path: '/api/v2/datasets/sales/aggregate', body });
const explore = (id: string, params: Record<string, string>): BenchQuery => ({ id, dialect: 'ods-explore', path: `/api/explore/v2.1/catalog/datasets/sales/records?${new URLSearchParams(params)}` });

export const QUERIES: readonly BenchQuery[] = [
  rel('relevance: country avg', {
    groupby: [{ name: 'country', field: 'store_country', agg: 'category' }],
    metrics: [{ name: 'avg_amount', field: 'sales_amount', agg: 'avg' }],
  }),
  rel('relevance: country > category sum', {
    groupby: [
      { name: 'country', field: 'store_country', agg: 'category', page_size: 5 },
      { name: 'category', field: 'category', agg: 'category', page_size: 3 },
    ],
    metrics: [{ name: 'total', field: 'sales_amount', agg: 'sum' }],
  }),
  rel('relevance: monthly customers', {
    groupby: [{ name: 'month', field: 'sales_date', agg: 'category', date_interval: 'monthly' }],
    metrics: [{ name: 'customers', field: 'customer_id', agg: 'cardinality' }],
  }, { page_size: 100 }),
  nue('nue: currency x status', '{ aggregate_sales(groupBy: [currency, status]) { currency status count(field: customer_id, distinct: true) sum(field: sales_amount) } }'),
  nue('nue: summary row', '{ aggregate_sales { count(field: sales_count) avg(field: sales_amount) max(field: sales_amount) } }'),
  druidSql('druid sql: country x month', "SELECT TIME_FLOOR(__time, 'P1M') AS m, store_country, COUNT(*) AS n, SUM(sales_amount) AS total FROM sales GROUP BY 1, 2 ORDER BY total DESC LIMIT 50"),
  druidSql('druid sql: filtered totals', "SELECT COUNT(*) AS n, AVG(sales_count) AS c, SUM(sales_amount) FILTER (WHERE status = 'refunded') AS refunded FROM sales WHERE __time >= TIMESTAMP '2023-01-01' AND currency IN ('eur', 'gbp')"),
  druid('druid native: country x month', {
    queryType: 'groupBy', dataSource: 'sales', intervals: ['2000-01-01/2100-01-01'], granularity: { type: 'period', period: 'P1M' }, dimensions: ['store_country'],
    aggregations: [{ type: 'count', name: 'n' }, { type: 'doubleSum', name: 'total', fieldName: 'sales_amount' }],
    limitSpec: { type: 'default', limit: 50, columns: [{ dimension: 'total', direction: 'descending' }] }, context: { sortByDimsFirst: true },
  }),
  druid('druid native: timeseries by week', {
    queryType: 'timeseries', dataSource: 'sales', intervals: ['2022-01-01/2025-01-01'], granularity: 'week',
    aggregations: [{ type: 'count', name: 'n' }, { type: 'longSum', name: 'items', fieldName: 'sales_count' }],
  }),
  druid('druid native: topN stores', {
    queryType: 'topN', dataSource: 'sales', intervals: ['2000-01-01/2100-01-01'], granularity: 'all', dimension: 'store_name', metric: 'total', threshold: 10,
    aggregations: [{ type: 'doubleSum', name: 'total', fieldName: 'sales_amount' }],
  }),
  shopware('shopware: page + total + aggregations', {
    limit: 25, page: 2, 'total-count-mode': 1, filter: [{ type: 'equals', field: 'status', value: 'paid' }], sort: [{ field: 'sales_amount', order: 'DESC' }],
    aggregations: [
      { name: 'per-country', type: 'terms', field: 'store_country', aggregation: { name: 'amount', type: 'sum', field: 'sales_amount' } },
      { name: 'amount', type: 'stats', field: 'sales_amount' },
    ],
  }),
  ods('opendatasoft: virtual field by country', {
    virtual_fields: { unit_price: 'sales_amount / sales_count' },
    aggregations: { a: { group_by: ['store_country'], aggregates: { avg_price: 'AVG(unit_price)', n: 'COUNT()' } } },
  }),
  ods('opendatasoft: range() probe', { aggregations: { a: { group_by: [{ name: 'band', expr: 'range(sales_amount, equi(10))' }], aggregates: { n: 'COUNT()' } } } }),
  ods('opendatasoft: INCREMENTAL by month', {
    aggregations: { a: { group_by: [{ name: 'month', expr: "date(sales_date, 'yyyy-MM')" }], aggregates: { n: 'COUNT()', running: 'INCREMENTAL(SUM(sales_count))' } } },
  }),
  explore('explore: group_by + order_by alias', { select: 'store_country, count(*) as n, sum(sales_amount) as total', group_by: 'store_country', order_by: 'total desc', limit: '20' }),
];
