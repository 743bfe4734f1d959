/**
 * Relevance AI's HTTP surface, under `/latest` and `/v1`:
 * `POST /datasets/{id}/aggregate`, `POST /datasets/{id}/cluster/aggregate`,
 * `POST /services/aggregate/aggregate` (dataset in the body) and `POST /services/cluster/aggregate`;
 * the dataset routes the SDK calls: `GET /datasets/list`, `GET /datasets/{id}/schema`,
 * `POST /datasets/{id}/facets` and `POST /datasets/{id}/simple_search`.
 */
import { queryRoute, type Dialect, type DialectRequest, type DialectRoute } from '../../src/dialect/contract.js';
import type { AppConfig } from '../../src/catalog/config.js';
import { relevanceCredentials } from './auth.js';
import { parseAggregate, parseCluster, parseFacets, parseSearch } from './schema.js';
import { lowerSearch } from './search.js';
import { getSchema, listDatasets } from './datasets.js';
import { lowerFacets, type FacetsPlan } from './facets.js';
import type { ResultTable } from '../../src/ir/result.js';
import { lowerAggregate } from './lower.js';
import { lowerCluster } from './cluster.js';
import { formatAggregate, formatCluster } from './format.js';
import { renderRelevanceError } from './errors.js';
import { datasetOf } from './bounds.js';
import { relevancePaths } from './openapi.js';

const BASES = ['', '/latest', '/v1'];
const under = (path: string): string[] => BASES.map((b) => `${b}${path}`);

/** The dataset named by the path, else by the body's `dataset_id` / `dataset_ids`. */
const named = (req: DialectRequest): string => datasetOf(req.body, req.params.id);

const parseAgg = (req: DialectRequest, config: AppConfig) => ({ dataset: named(req), request: parseAggregate(req.body, config.limits) });
const parseClu = (req: DialectRequest, config: AppConfig) => ({ dataset: named(req), request: parseCluster(req.body, config.limits) });

const aggregate = queryRoute({
  method: 'post',
  paths: [...under('/datasets/:id/aggregate'), ...under('/services/aggregate/aggregate')],
  parse: parseAgg,
  lower(body, { dataset, schema, config }) {
    const plan = lowerAggregate({ req: body, dataset: dataset.name, schema, config });
    return { dataset, queries: [plan.query], format: ([t]) => formatAggregate(t!, plan) };
  },
});

const cluster = queryRoute({
  method: 'post',
  paths: [...under('/datasets/:id/cluster/aggregate'), ...under('/services/cluster/aggregate')],
  parse: parseClu,
  lower(body, { dataset, schema, config }) {
    const plan = lowerCluster(body, dataset.name, schema, config);
    return { dataset, queries: [plan.query], format: ([t]) => formatCluster(t!, plan) };
  },
});

const facets = queryRoute({
  method: 'post',
  paths: under('/datasets/:id/facets'),
  parse: (req, config) => ({ dataset: String(req.params.id), request: parseFacets(req.body, config.limits) }),
  lower(body, { dataset, schema }) {
    const plan = lowerFacets(body, dataset.name, schema);
    const lowered = (p: FacetsPlan) => ({ dataset, queries: p.queries, format: (tables: readonly ResultTable[]) => p.format(tables) });
    return 'probe' in plan ? { dataset, probe: plan.probe, then: (probe) => lowered(plan.then(probe)) } : lowered(plan);
  },
});

const search = queryRoute({
  method: 'post',
  paths: under('/datasets/:id/simple_search'),
  parse: (req, config) => ({ dataset: String(req.params.id), request: parseSearch(req.body, config.limits) }),
  lower(body, { dataset, schema, config }) {
    const plan = lowerSearch(body, dataset.name, schema, config.limits);
    return { dataset, queries: plan.queries, documents: plan.documents, format: plan.format };
  },
});

const info: DialectRoute[] = [
  { kind: 'info', method: 'get', paths: under('/datasets/list'), answer: listDatasets },
  { kind: 'info', method: 'get', paths: under('/datasets/:id/schema'), answer: getSchema },
];

export const relevanceDialect: Dialect = {
  id: 'relevance-ai',
  renderError: renderRelevanceError,
  credentials: relevanceCredentials,
  routes: [aggregate, cluster, facets, search, ...info],
  openapi: relevancePaths,
};
