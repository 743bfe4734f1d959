/**
 * Opendatasoft's aggregate surface: `POST /api/v2/datasets/{dataset}/aggregate` (the path of the
 * seed's self link), also under the v2.0 layout `/api/v2/catalog/datasets/{dataset}/aggregate`.
 */
import type { Request, Router } from 'express';
import type { Logger } from 'pino';
import type { Pipeline, RunResult } from '../../src/server/pipeline.js';
import type { SchemaRegistry } from '../../src/backend/schema.js';
import type { ResultCache } from '../../src/cache/result-cache.js';
import type { ResultTable } from '../../src/reader/table.js';
import { opendatasoftCredentials } from './auth.js';
import { dialectRouter, handle, tenantOf, runOptions, sendResult, type JsonText } from '../../src/server/http.js';
import type { Dialect, LowerContext, Lowered } from '../translator.js';
import { parseRequest } from './parse.js';
import { lowerRequest } from './lower.js';
import { formatResponse, type Links } from './format.js';
import { renderOdsError } from './errors.js';

export const opendatasoftDialect: Dialect = { id: 'opendatasoft', renderError: renderOdsError, credentials: opendatasoftCredentials };

export interface OpendatasoftRouteDeps extends LowerContext {
  readonly pipeline: Pipeline;
  readonly cache: ResultCache;
  readonly schemas: SchemaRegistry;
  readonly logger: Logger;
}

const PATHS = ['/api/v2/datasets/:dataset/aggregate', '/api/v2/catalog/datasets/:dataset/aggregate'];

export function opendatasoftRouter(deps: OpendatasoftRouteDeps): Router {
  const { pipeline, catalog, config, schemas, logger } = deps;

  const run = async (req: Request): Promise<RunResult<JsonText>> => {
    const dataset = catalog.resolve(String(req.params.dataset), tenantOf(req));
    const schema = await schemas.get(dataset);
    const request = parseRequest(req.body, schema, config.limits);
    const lowering = lowerRequest(request, {
      dataset: dataset.name,
      percentilesCompression: config.accuracy.percentilesCompression,
      isDate: (f) => schema.fields.get(f)?.category === 'date',
    });
    const self = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.path}`;
    const links: Links = { self, dataset: self.replace(/\/aggregate\/?$/, '') };
    const finish = (probe?: ResultTable): Lowered<JsonText> => {
      const plan = lowering.plan(probe);
      return { dataset, queries: plan.queries, format: (tables) => formatResponse(plan.shapes, tables, links) };
    };
    const probe = lowering.probe;
    return pipeline.run(probe ? { dataset, probe: [probe], then: ([t]) => finish(t) } : finish(), runOptions(req));
  };

  // the links carry the host the client called
  return dialectRouter(opendatasoftDialect, config.limits.maxBodyBytes, logger, deps.cache, catalog.access, (r, json) => {
    for (const path of PATHS) {
      r.post(path, json, handle(opendatasoftDialect, logger, async (req, res) => {
        sendResult(res, await run(req));
      }));
    }
  }, ['host']);
}
