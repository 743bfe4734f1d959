/**
 * Opendatasoft's aggregate surface: `POST /api/v2/datasets/{dataset}/aggregate` (the path of the
 * Explore API v2 self links), also under the v2.0 layout `/api/v2/catalog/datasets/{dataset}/aggregate`.
 * Parsing needs the dataset's fields (expressions name them), so it happens in `lower`. The Explore
 * API (v2.1 and v2.0, ODSQL in query parameters) lives in explore/; its links.dataset target, the
 * v2.0 dataset route, is where the beta answer's `links.dataset` points.
 */
import type { ResultTable } from '../../src/ir/result.js';
import { queryRoute, type Dialect, type Lowered } from '../../src/dialect/contract.js';
import { opendatasoftCredentials } from './auth.js';
import { parseRequest } from './parse.js';
import { lowerRequest } from './lower.js';
import { formatResponse, type Links } from './format.js';
import { renderOdsError } from './errors.js';
import { opendatasoftPaths } from './openapi.js';
import { exploreRoutes, notFoundRoutes } from './explore/routes.js';
import { datasetUrl } from './explore/v20.js';
import { findField } from '../../src/ir/schema.js';

const aggregate = queryRoute<unknown>({
  method: 'post',
  paths: ['/api/v2/datasets/:dataset/aggregate', '/api/v2/catalog/datasets/:dataset/aggregate'],
  parse: (req) => ({ dataset: String(req.params.dataset), request: req.body }),
  lower(body, { dataset, schema, config, http }) {
    const request = parseRequest(body, schema, config.limits);
    const lowering = lowerRequest(request, {
      dataset: dataset.name,
      percentilesCompression: config.accuracy.percentilesCompression,
      isDate: (f) => findField(schema, f)?.category === 'date',
    });
    // the links carry the host the client called
    const links: Links = { self: http.url, dataset: datasetUrl(http.url).replace('/api/v2/datasets/', '/api/v2/catalog/datasets/') };
    const finish = (probe?: ResultTable): Lowered<unknown> => {
      const plan = lowering.plan(probe);
      return { dataset, queries: plan.queries, format: (tables) => formatResponse(plan.shapes, tables, links) };
    };
    const probe = lowering.probe;
    return probe ? { dataset, probe: [probe], then: ([t]) => finish(t) } : finish();
  },
});

export const opendatasoftDialect: Dialect = {
  id: 'opendatasoft',
  renderError: renderOdsError,
  credentials: opendatasoftCredentials,
  // the catch-all 404 last: every route of the dialect is tried before it
  routes: [aggregate, ...exploreRoutes, ...notFoundRoutes],
  vary: ['host'],
  // Shopware's Admin API shares /api/: these namespaces (and /api itself, by the catch-all) are Opendatasoft's
  claims: ['/api/explore', '/api/v2'],
  openapi: opendatasoftPaths,
};
