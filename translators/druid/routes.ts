/**
 * Druid's query surface: `POST /druid/v2` (and `/druid/v2/`) with a native query, `?pretty` for
 * indented JSON; `GET /druid/v2/datasources` lists the data sources (exposed datasets with a time field).
 */
import type { Request, Router } from 'express';
import type { Logger } from 'pino';
import type { Pipeline, RunResult } from '../../src/server/pipeline.js';
import type { SchemaRegistry } from '../../src/backend/schema.js';
import type { ResultCache } from '../../src/cache/result-cache.js';
import type { Dataset } from '../../src/catalog/catalog.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { Tenant } from '../../src/auth/access.js';
import { druidCredentials } from './auth.js';
import { dialectRouter, handle, tenantOf, runOptions, sendJson, sendResult } from '../../src/server/http.js';
import type { Dialect, LowerContext } from '../translator.js';
import { parseQuery } from './parse.js';
import { lowerQuery } from './lower.js';
import { formatGroupBy, formatTimeseries, formatTopN } from './format.js';
import { renderDruidError } from './errors.js';

export const druidDialect: Dialect = { id: 'druid', renderError: renderDruidError, credentials: druidCredentials };

export interface DruidRouteDeps extends LowerContext {
  readonly pipeline: Pipeline;
  readonly cache: ResultCache;
  readonly schemas: SchemaRegistry;
  readonly logger: Logger;
}

export function druidRouter(deps: DruidRouteDeps): Router {
  const { pipeline, catalog, config, schemas, logger } = deps;
  const dataSources = (tenant: Tenant): Dataset[] => catalog.list(tenant).filter((d) => d.timeField !== undefined);

  const run = async (req: Request): Promise<RunResult<unknown>> => {
    const query = parseQuery(req.body);
    const dataset = catalog.resolve(query.dataSource, tenantOf(req));
    if (!dataset.timeField) throw new ProxyError({ kind: 'unknown_dataset', dataset: query.dataSource });
    const schema = await schemas.get(dataset);
    const plan = lowerQuery({ dataset, schema }, query, config);
    const format = query.queryType === 'groupBy' ? formatGroupBy : query.queryType === 'topN' ? formatTopN : formatTimeseries;
    return pipeline.run(
      { dataset, queries: [plan.ir], format: ([t]) => format(plan, t as NonNullable<typeof t>) },
      { ...runOptions(req), ...(query.context.timeoutMs ? { timeoutMs: query.context.timeoutMs } : {}) },
    );
  };

  return dialectRouter(druidDialect, config.limits.maxBodyBytes, logger, deps.cache, catalog.access, (r, json) => {
    for (const path of ['/druid/v2', '/druid/v2/']) {
      r.post(path, json, handle(druidDialect, logger, async (req, res) => {
        sendResult(res, await run(req), 200, 'pretty' in req.query ? 2 : undefined);
      }));
    }
    r.get('/druid/v2/datasources', json, handle(druidDialect, logger, async (req, res) => {
      sendJson(res, 200, dataSources(tenantOf(req)).map((d) => d.name), false);
    }));
  });
}
