/** The fixed query mix: every implemented dialect, from a single grouping to nested levels. */
export interface BenchQuery {
  readonly id: string;
  readonly dialect: 'relevance-ai' | 'nue-graphql';
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
];
