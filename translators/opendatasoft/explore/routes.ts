/**
 * The Explore API's routes (v2.1 and the v2.0 forms), for the Opendatasoft dialect (../dialect.ts):
 * records (groups or records), the catalog and one dataset's metadata, and the catch-all that
 * answers every other path it reaches with Opendatasoft's 404 body: `/api` and the prefixes the
 * dialect claims (`/api/explore`, `/api/v2`), since Shopware's router answers the rest of /api/ first.
 */
import { queryRoute, type DialectRoute, type DialectRequest, type InfoRoute, type Lowered } from '../../../src/dialect/contract.js';
import { fail } from '../errors.js';
import { readParams, RECORDS_BOUNDS, RECORDS_PARAMS, type ExploreParams } from './params.js';
import { answerRows, planRecords } from './records.js';
import { listDatasets, showDataset } from './catalog.js';
import { v2Aggregates, v2Dataset, v2Records } from './v20.js';
import { facets } from './facets.js';
import { exportsRoute } from './exports.js';

const V21 = '/api/explore/v2.1/catalog/datasets';
const V20 = '/api/v2/catalog/datasets';

const params = (req: DialectRequest): ExploreParams => readParams(req.query, RECORDS_PARAMS, RECORDS_BOUNDS);

const records = queryRoute<ExploreParams>({
  method: 'get',
  paths: [`${V21}/:dataset/records`],
  parse: (req) => ({ dataset: String(req.params.dataset), request: params(req) }),
  lower(p, input): Lowered<unknown> {
    const plan = planRecords(p, input);
    const format = (tables: Parameters<Lowered<unknown>['format']>[0], page?: Parameters<Lowered<unknown>['format']>[1]) => {
      const { total, rows } = answerRows(plan, input.schema, tables, page);
      return { total_count: total, results: rows };
    };
    return plan.kind === 'groups' ? { dataset: input.dataset, queries: [plan.query], format } : { dataset: input.dataset, queries: [], documents: plan.query, format };
  },
});

const info = (paths: string[], answer: InfoRoute['answer']): DialectRoute => ({ kind: 'info', method: 'get', paths, answer });

const catalog = info([V21], (req, datasets) => listDatasets(req.query, datasets));
const dataset = info([`${V21}/:dataset`], (req, datasets) => showDataset(String(req.params.dataset), req.query, datasets));

/** Anything else that reaches it under /api/: Opendatasoft's error body, 404, whether or not credentials came. */
const notFound = (method: 'get' | 'post'): DialectRoute => ({
  kind: 'info',
  method,
  paths: ['/api', '/api/*rest'],
  authenticated: false,
  answer: (req) => fail('NotFound', `Unknown endpoint: ${method.toUpperCase()} ${new URL(req.url).pathname}`, ''),
});

export const exploreRoutes: readonly DialectRoute[] = [records, facets, exportsRoute, v2Records, v2Aggregates, catalog, dataset, v2Dataset];
/** mounted after every other route of the dialect */
export const notFoundRoutes: readonly DialectRoute[] = [notFound('get'), notFound('post')];
export const EXPLORE_PATHS = { V21, V20 };
