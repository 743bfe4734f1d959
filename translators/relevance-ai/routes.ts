/**
 * Relevance AI's HTTP surface, under `/latest` and `/v1`:
 * `POST /datasets/{id}/aggregate`, `POST /datasets/{id}/cluster/aggregate`,
 * `POST /services/aggregate/aggregate` (dataset in the body) and `POST /services/cluster/aggregate`.
 */
import type { Request, Router } from 'express';
import type { Pipeline } from '../../src/server/pipeline.js';
import { relevanceCredentials } from './auth.js';
import { dialectRouter, handle, tenantOf, runOptions, sendResult } from '../../src/server/http.js';
import type { Dialect, LowerContext } from '../translator.js';
import type { SchemaRegistry } from '../../src/backend/schema.js';
import type { Logger } from 'pino';
import type { ResultCache } from '../../src/cache/result-cache.js';
import { parseAggregate, parseCluster } from './schema.js';
import { lowerAggregate } from './lower.js';
import { lowerCluster } from './cluster.js';
import { formatAggregate, formatCluster } from './format.js';
import { renderRelevanceError } from './errors.js';
import { datasetOf } from './bounds.js';

export const relevanceDialect: Dialect = { id: 'relevance-ai', renderError: renderRelevanceError, credentials: relevanceCredentials };

export interface RouteDeps extends LowerContext {
  readonly pipeline: Pipeline;
  readonly cache: ResultCache;
  readonly schemas: SchemaRegistry;
  readonly logger: Logger;
}

export function relevanceRouter(deps: RouteDeps): Router {
  const { pipeline, catalog, config, schemas, logger } = deps;

  const aggregate = async (id: string, req: Request): Promise<ReturnType<Pipeline['run']>> => {
    const body = parseAggregate(req.body, config.limits);
    const dataset = catalog.resolve(id, tenantOf(req));
    const schema = await schemas.get(dataset);
    const plan = lowerAggregate({ req: body, dataset: dataset.name, schema, config });
    return pipeline.run({ dataset, queries: [plan.query], format: ([t]) => formatAggregate(t!, plan) }, runOptions(req));
  };

  const cluster = async (id: string, req: Request): Promise<ReturnType<Pipeline['run']>> => {
    const body = parseCluster(req.body, config.limits);
    const dataset = catalog.resolve(id, tenantOf(req));
    const schema = await schemas.get(dataset);
    const plan = lowerCluster(body, dataset.name, schema, config);
    return pipeline.run({ dataset, queries: [plan.query], format: ([t]) => formatCluster(t!, plan) }, runOptions(req));
  };

  return dialectRouter(relevanceDialect, config.limits.maxBodyBytes, logger, deps.cache, catalog.access, (r, json) => {
    for (const base of ['', '/latest', '/v1']) {
      r.post(`${base}/datasets/:id/aggregate`, json, handle(relevanceDialect, logger, async (req, res) => {
        sendResult(res, await aggregate(datasetOf(req.body, String(req.params.id)), req));
      }));
      r.post(`${base}/datasets/:id/cluster/aggregate`, json, handle(relevanceDialect, logger, async (req, res) => {
        sendResult(res, await cluster(datasetOf(req.body, String(req.params.id)), req));
      }));
      r.post(`${base}/services/aggregate/aggregate`, json, handle(relevanceDialect, logger, async (req, res) => {
        sendResult(res, await aggregate(datasetOf(req.body), req));
      }));
      r.post(`${base}/services/cluster/aggregate`, json, handle(relevanceDialect, logger, async (req, res) => {
        sendResult(res, await cluster(datasetOf(req.body), req));
      }));
    }
  });
}
