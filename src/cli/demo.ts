/**
 * `npm start`: starts (or reuses) the local OpenSearch, loads the demo data, serves the proxy and
 * prints requests that work as printed. PORT overrides the port (default 8080);
 * AGGPROXY_ENGINE_URL points at an engine you run yourself instead.
 */
import { buildConfig } from '../catalog/config.js';
import { createApp } from '../server/app.js';
import { serve } from '../server/serve.js';
import { EngineClient } from '../backend/engine-client.js';
import { indexHasDocs, loadIndex } from '../demo/load.js';
import { productMapping, products, saleMapping, sales } from '../demo/generate.js';
import { druidTesting, fixturesPresent, shopwareProducts } from '../demo/fixtures.js';

import { localEngineUrl } from './local-engine.js';

const engineUrl = localEngineUrl();
// the real data sets kept in the repository, when this checkout has them: Shopware's and Druid's test data
const real = fixturesPresent() ? [shopwareProducts(), druidTesting()] : [];
const config = buildConfig(
  {
    engine: { url: engineUrl, timeoutMs: 30_000 },
    datasets: {
      products: { index: 'aggproxy-demo-products', timeField: 'created_at' },
      sales: { index: 'aggproxy-demo-sales', timeField: 'sales_date' },
      ...Object.fromEntries(real.map((f) => [f.dataset, { index: `aggproxy-demo-${f.dataset}`, ...f.options }])),
    },
  },
  { ...process.env, AGGPROXY_ENGINE_URL: engineUrl },
);
const engine = new EngineClient(engineUrl, 30_000);
const demo = [
  { index: 'aggproxy-demo-products', mapping: productMapping, docs: products() },
  { index: 'aggproxy-demo-sales', mapping: saleMapping, docs: sales() },
  ...real.map((f) => ({ index: `aggproxy-demo-${f.dataset}`, mapping: f.mapping, docs: f.docs })),
];
for (const spec of demo) {
  if (!(await indexHasDocs(engine, spec.index, spec.docs.length))) {
    console.log(`loading ${spec.docs.length} demo documents into ${spec.index}`);
    await loadIndex(engine, spec);
  }
}

const app = createApp(config);
// SIGTERM / SIGINT: stop accepting, answer the requests in flight, exit (the engine keeps running, cached)
await serve(app, { port: config.port });
{
  const base = `http://localhost:${config.port}`;
  console.log(`
aggproxy is listening on ${base} (engine: ${engineUrl}; datasets: ${Object.keys(config.datasets).join(', ')})
Playground (every dialect in the browser): ${base}/playground/

Try:
  curl -s ${base}/latest/datasets/products/aggregate -H 'content-type: application/json' \\
    -d '{"aggregation_query":{"groupby":[{"name":"category","field":"category","agg":"category"}],"metrics":[{"name":"avg_price","field":"price","agg":"avg"}]},"page_size":5}'

  curl -s ${base}/latest/datasets/sales/aggregate -H 'content-type: application/json' \\
    -d '{"aggregation_query":{"groupby":[{"name":"country","field":"store_country","agg":"category"},{"name":"month","field":"sales_date","agg":"category","date_interval":"yearly"}],"metrics":[{"name":"amount","field":"sales_amount","agg":"sum"}]},"page_size":3}'

  curl -s ${base}/api/v2/datasets/sales/aggregate -H 'content-type: application/json' \\
    -d '{"virtual_fields":{"avg_price":"sales_amount / sales_count"},"aggregations":{"per_month":{"group_by":[{"name":"month","expr":"date(sales_date, \\u0027yyyy-MM\\u0027)"}],"aggregates":{"amount":"SUM(sales_amount)","running":"INCREMENTAL(SUM(sales_amount))","avg_price":"AVG(avg_price)"}}}}'

  curl -s '${base}/latest/datasets/products/cluster/aggregate?explain=true' -H 'content-type: application/json' \\
    -d '{"vector_fields":["product_vector"],"aggregation_query":{"groupby":[{"name":"maker","field":"manufacturer","agg":"category"}],"metrics":[]},"page_size":2}'
${real.length === 0 ? '' : `
  curl -s ${base}/api/search/product -H 'content-type: application/json' \\
    -d '{"limit":1,"includes":{"product":["id","name"]},"aggregations":[{"name":"per-manufacturer","type":"terms","field":"manufacturerId","aggregation":{"name":"avg-price","type":"avg","field":"price"}}]}'

  curl -s '${base}/druid/v2?pretty' -H 'content-type: application/json' \\
    -d '{"queryType":"topN","dataSource":"testing","granularity":"all","intervals":["2011-04-01/2011-04-03"],"dimension":"quality","threshold":3,"metric":"idx","aggregations":[{"type":"longSum","name":"idx","fieldName":"index"}]}'
`}`);
}
