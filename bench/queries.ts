/** The fixed query mix: every implemented dialect, from a single grouping to nested levels. */
export interface BenchQuery {
  readonly id: string;
  readonly dialect: 'relevance-ai' | 'nue-graphql' | 'druid' | 'druid-sql';
  readonly path: string;
  readonly body: unknown;
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
];
