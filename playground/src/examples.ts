/**
 * A few realistic requests per dialect, on the demo data that `npm start` loads (`products`, `sales`,
 * Shopware's `product`, Druid's `testing`). The first of each dialect runs on any engine; the ones
 * marked `needs: 'scripts'` need Painless (OpenSearch has it; the Maven build of Elasticsearch has not).
 */
import type { DialectId } from './dialects.js';

export interface Example {
  readonly dialect: DialectId;
  readonly title: string;
  readonly dataset: string;
  readonly path: string;
  /** JSON text, or a GraphQL document for Nue */
  readonly body: string;
  readonly needs?: 'scripts';
}

const json = (v: unknown): string => JSON.stringify(v, null, 2);

export const EXAMPLES: readonly Example[] = [
  {
    dialect: 'relevance', title: 'Average and top price by category', dataset: 'products', path: '/latest/datasets/products/aggregate',
    body: json({ aggregation_query: { groupby: [{ name: 'category', field: 'category', agg: 'category' }], metrics: [{ name: 'avg_price', field: 'price', agg: 'avg' }, { name: 'max_price', field: 'price', agg: 'max' }] }, page_size: 10 }),
  },
  {
    dialect: 'relevance', title: 'Monthly sales amount (time series)', dataset: 'sales', path: '/latest/datasets/sales/aggregate',
    body: json({ aggregation_query: { groupby: [{ name: 'month', field: 'sales_date', agg: 'category', date_interval: 'monthly' }], metrics: [{ name: 'amount', field: 'sales_amount', agg: 'sum' }] }, page_size: 24 }),
  },
  {
    dialect: 'relevance', title: 'Price histogram of in-stock products', dataset: 'products', path: '/latest/datasets/products/aggregate',
    body: json({ aggregation_query: { groupby: [{ name: 'price', field: 'price', agg: 'numeric', buckets: { histogram: { interval: 100 } } }], metrics: [{ name: 'stock', field: 'stock', agg: 'sum' }] }, filters: [{ field: 'in_stock', filter_type: 'exact_match', condition: '==', condition_value: true }], page_size: 20 }),
  },
  {
    dialect: 'relevance', title: 'Yearly amount per country', dataset: 'sales', path: '/latest/datasets/sales/aggregate',
    body: json({ aggregation_query: { groupby: [{ name: 'country', field: 'store_country', agg: 'category' }, { name: 'year', field: 'sales_date', agg: 'category', date_interval: 'yearly' }], metrics: [{ name: 'amount', field: 'sales_amount', agg: 'sum' }] }, page_size: 5 }),
  },
  {
    dialect: 'relevance', title: 'Manufacturers per cluster (cluster route)', dataset: 'products', path: '/latest/datasets/products/cluster/aggregate',
    body: json({ vector_fields: ['product_vector'], aggregation_query: { groupby: [{ name: 'maker', field: 'manufacturer', agg: 'category' }], metrics: [{ name: 'avg_rating', field: 'rating', agg: 'avg' }] }, page_size: 3 }),
  },
  {
    dialect: 'nue', title: 'Sales amount and orders by country', dataset: 'sales', path: '/graphql',
    body: '{\n  aggregate_sales(groupBy: [store_country]) {\n    store_country\n    amount: sum(field: sales_amount)\n    orders: count(field: store_name)\n  }\n}\n',
  },
  {
    dialect: 'nue', title: 'In-stock products by category', dataset: 'products', path: '/graphql',
    body: '{\n  aggregate_products(where: { in_stock: { eq: true } }, groupBy: [category]) {\n    category\n    products: count(field: id)\n    avg_price: avg(field: price)\n    max_price: max(field: price)\n  }\n}\n',
  },
  {
    dialect: 'nue', title: 'One summary row (no groupBy)', dataset: 'sales', path: '/graphql',
    body: '{\n  aggregate_sales {\n    count(field: store_name)\n    stores: count(field: store_name, distinct: true)\n    sum(field: sales_amount)\n    avg(field: sales_amount)\n    max(field: sales_amount)\n  }\n}\n',
  },
  {
    dialect: 'nue', title: 'Top stores per country (two groups, paged)', dataset: 'sales', path: '/graphql',
    body: '{\n  aggregate_sales(groupBy: [store_country, store_name], page: { limit: 12 }) {\n    store_country\n    store_name\n    amount: sum(field: sales_amount)\n  }\n}\n',
  },
  {
    dialect: 'shopware', title: 'Average price per manufacturer', dataset: 'product', path: '/api/search/product',
    body: json({ limit: 1, includes: { product: ['id', 'name'] }, aggregations: [{ name: 'per-manufacturer', type: 'terms', field: 'manufacturerId', aggregation: { name: 'avg-price', type: 'avg', field: 'price' } }] }),
  },
  {
    dialect: 'shopware', title: 'Products released per month (histogram)', dataset: 'product', path: '/api/search/product',
    body: json({ limit: 1, includes: { product: ['id', 'name'] }, aggregations: [{ name: 'released', type: 'histogram', field: 'releaseDate', interval: 'month' }] }),
  },
  {
    dialect: 'shopware', title: 'Price statistics and price bands', dataset: 'product', path: '/api/search/product',
    body: json({ limit: 1, includes: { product: ['id'] }, aggregations: [{ name: 'price-stats', type: 'stats', field: 'price' }, { name: 'price-bands', type: 'range', field: 'price', ranges: [{ to: 100 }, { from: 100, to: 500 }, { from: 500 }] }] }),
  },
  {
    dialect: 'shopware', title: 'Stock of active products by tax (filtered)', dataset: 'product', path: '/api/search/product',
    body: json({ limit: 5, includes: { product: ['id', 'name', 'stock'] }, filter: [{ type: 'equals', field: 'active', value: true }], aggregations: [{ name: 'per-tax', type: 'terms', field: 'taxId', aggregation: { name: 'stock', type: 'sum', field: 'stock' } }] }),
  },
  {
    dialect: 'druid', title: 'topN: qualities by index', dataset: 'testing', path: '/druid/v2',
    body: json({ queryType: 'topN', dataSource: 'testing', granularity: 'all', intervals: ['2011-01-12/2011-04-16'], dimension: 'quality', threshold: 5, metric: 'idx', aggregations: [{ type: 'doubleSum', name: 'idx', fieldName: 'index' }, { type: 'count', name: 'rows' }] }),
  },
  {
    dialect: 'druid', title: 'timeseries: rows and index per day', dataset: 'testing', path: '/druid/v2',
    body: json({ queryType: 'timeseries', dataSource: 'testing', granularity: 'day', intervals: ['2011-03-01/2011-04-01'], aggregations: [{ type: 'count', name: 'rows' }, { type: 'doubleSum', name: 'idx', fieldName: 'index' }] }),
  },
  {
    dialect: 'druid', title: 'groupBy: market × placement, average by post-aggregation', dataset: 'testing', path: '/druid/v2',
    body: json({
      queryType: 'groupBy', dataSource: 'testing', granularity: 'all', intervals: ['2011-01-12/2011-04-16'], dimensions: ['market', 'placement'],
      aggregations: [{ type: 'count', name: 'rows' }, { type: 'doubleSum', name: 'idx', fieldName: 'index' }],
      postAggregations: [{ type: 'arithmetic', name: 'avg_idx', fn: '/', fields: [{ type: 'fieldAccess', fieldName: 'idx' }, { type: 'fieldAccess', fieldName: 'rows' }] }],
      limitSpec: { type: 'default', limit: 10, columns: [{ dimension: 'idx', direction: 'descending' }] },
    }),
  },
  {
    dialect: 'druid', title: 'groupBy by week: index per market', dataset: 'testing', path: '/druid/v2',
    body: json({ queryType: 'groupBy', dataSource: 'testing', granularity: 'week', intervals: ['2011-01-10/2011-04-18'], dimensions: ['market'], aggregations: [{ type: 'doubleSum', name: 'idx', fieldName: 'index' }] }),
  },
  {
    dialect: 'druid', title: 'topN with longSum (truncating, a script)', dataset: 'testing', path: '/druid/v2', needs: 'scripts',
    body: json({ queryType: 'topN', dataSource: 'testing', granularity: 'all', intervals: ['2011-04-01/2011-04-03'], dimension: 'quality', threshold: 3, metric: 'idx', aggregations: [{ type: 'longSum', name: 'idx', fieldName: 'index' }] }),
  },
  {
    dialect: 'opendatasoft', title: 'Sales per country, real average price', dataset: 'sales', path: '/api/v2/datasets/sales/aggregate',
    body: json({ aggregations: { per_country: { group_by: ['store_country'], aggregates: { total_sales_count: 'SUM(sales_count)', real_average_sale_price: 'SUM(sales_amount) / SUM(sales_count)' } } } }),
  },
  {
    dialect: 'opendatasoft', title: 'Monthly amount with running total', dataset: 'sales', path: '/api/v2/datasets/sales/aggregate',
    body: json({ aggregations: { per_month: { group_by: [{ name: 'month', expr: "date(sales_date, 'yyyy-MM')" }], aggregates: { amount: 'SUM(sales_amount)', running: 'INCREMENTAL(SUM(sales_amount))' } } } }),
  },
  {
    dialect: 'opendatasoft', title: 'Sale amounts in equal bands', dataset: 'sales', path: '/api/v2/datasets/sales/aggregate',
    body: json({ aggregations: { bands: { group_by: [{ name: 'band', expr: 'range(sales_amount, equi(8, lowest_boundary=0))' }], aggregates: { sales: 'COUNT()', amount: 'SUM(sales_amount)' } } } }),
  },
  {
    dialect: 'opendatasoft', title: 'Virtual field: average of per-sale prices (a script)', dataset: 'sales', path: '/api/v2/datasets/sales/aggregate', needs: 'scripts',
    body: json({ virtual_fields: { daily_avg_sale_price: 'sales_amount / sales_count' }, aggregations: { my_aggregation: { group_by: ['store_country'], aggregates: { total_sales_count: 'SUM(sales_count)', overall_average_sale_price: 'AVG(daily_avg_sale_price)', real_average_sale_price: 'SUM(sales_amount) / SUM(sales_count)' } } } }),
  },
];

export const examplesOf = (dialect: DialectId): Example[] => EXAMPLES.filter((e) => e.dialect === dialect);
