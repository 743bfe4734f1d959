/**
 * Druid's query surface: `POST /druid/v2` (and `/druid/v2/`) with a native query, `?pretty` for
 * indented JSON; `GET /druid/v2/datasources` lists the data sources (exposed datasets with a time
 * field), `GET /druid/v2/datasources/{name}` their dimensions and metrics, `GET /status` the version;
 * the metadata query types (segmentMetadata, timeBoundary, dataSourceMetadata, scan) are in metadata.ts.
 */
import { ProxyError } from '../../src/errors/proxy-error.js';
import { queryRoute, type DatasetAccess, type Dialect } from '../../src/dialect/contract.js';
import type { Json } from './parse-common.js';
import { dataSourceSummary, isMetadataQuery, lowerMetadata } from './metadata.js';
import { hasTime, type DruidContext } from './columns.js';
import { druidCredentials } from './auth.js';
import { parseDataSource, parseQuery } from './parse.js';
import { lowerNative } from './subtotals.js';
import { renderDruidError } from './errors.js';
import { checkDruidBody } from './bounds.js';
import { druidPaths } from './openapi.js';
import type { DruidQuery } from './types.js';
import { parseSearch, type SearchQuery } from './search.js';
import { lowerSearch } from './search-lower.js';
import { isObj } from './parse-common.js';

/** The Druid release whose native query API this surface follows. */
const DRUID_VERSION = '31.0.0';

type Request = { readonly metadata: Record<string, Json> } | { readonly query: DruidQuery } | { readonly search: SearchQuery };

async function source(name: string, datasets: DatasetAccess): Promise<DruidContext> {
  const dataset = datasets.resolve(name);
  if (!hasTime(dataset)) throw new ProxyError({ kind: 'unknown_dataset', dataset: name });
  return { dataset, schema: await datasets.schema(dataset) };
}

const native = queryRoute<Request>({
  method: 'post',
  paths: ['/druid/v2', '/druid/v2/'],
  parse(req, config) {
    checkDruidBody(req.body, config.limits);
    const body = req.body as Json;
    if (isMetadataQuery(body)) return { dataset: parseDataSource(body.dataSource), request: { metadata: body } };
    if (isObj(body) && body.queryType === 'search') {
      const search = parseSearch(body, config.limits);
      return { dataset: search.dataSource, request: { search } };
    }
    const query = parseQuery(body, config.limits);
    return { dataset: query.dataSource, request: { query } };
  },
  serves: hasTime,
  lower(request, { dataset, schema, config }) {
    if ('metadata' in request) return lowerMetadata({ dataset, schema }, request.metadata);
    if ('search' in request) return { dataset, ...lowerSearch({ dataset, schema }, request.search, config) };
    const native = lowerNative({ dataset, schema }, request.query, config);
    return { dataset, queries: native.queries, format: native.formatInSlices ?? native.format };
  },
  timeoutMs: (request) => ('query' in request ? request.query.context.timeoutMs : 'search' in request ? request.search.context.timeoutMs : undefined),
  indent: (req) => ('pretty' in req.query ? 2 : undefined),
});

export const druidDialect: Dialect = {
  id: 'druid',
  renderError: renderDruidError,
  credentials: druidCredentials,
  routes: [
    native,
    { kind: 'info', method: 'get', paths: ['/druid/v2/datasources'], answer: (_req, datasets) => datasets.list().filter(hasTime).map((d) => d.name) },
    { kind: 'info', method: 'get', paths: ['/druid/v2/datasources/:name'], answer: async (req, datasets) => dataSourceSummary(await source(String(req.params.name), datasets)) },
    // what Druid clients probe first: the node's version
    { kind: 'info', method: 'get', paths: ['/status'], answer: () => ({ version: DRUID_VERSION, modules: [], memory: {} }) },
  ],
  openapi: druidPaths,
};
