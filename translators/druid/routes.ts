/**
 * Druid's query surface: `POST /druid/v2` (and `/druid/v2/`) with a native query, `?pretty` for
 * indented JSON; `GET /druid/v2/datasources` lists the data sources (exposed datasets with a time field),
 * `GET /druid/v2/datasources/{name}` their dimensions and metrics, `GET /status` the version; the
 * metadata query types (segmentMetadata, timeBoundary, dataSourceMetadata, scan) are in metadata.ts.
 */
import type { Request, Router } from 'express';
import type { Logger } from 'pino';
import type { Pipeline, RunResult } from '../../src/server/pipeline.js';
import type { SchemaRegistry } from '../../src/backend/schema.js';
import type { ResultCache } from '../../src/cache/result-cache.js';
import type { Dataset } from '../../src/catalog/catalog.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { Tenant } from '../../src/auth/access.js';
import { dataSourceSummary, isMetadataQuery, lowerMetadata } from './metadata.js';
import type { DruidContext } from './columns.js';
import { druidCredentials } from './auth.js';
import { dialectRouter, handle, tenantOf, runOptions, sendJson, sendResult } from '../../src/server/http.js';
import type { Dialect, LowerContext } from '../translator.js';
import { parseDataSource, parseQuery } from './parse.js';
import { lowerQuery } from './lower.js';
import { formatGroupBy, formatTimeseries, formatTopN } from './format.js';
import { renderDruidError } from './errors.js';
import { checkDruidBody } from './bounds.js';

/** The Druid release whose native query API this surface follows. */
const DRUID_VERSION = '31.0.0';

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

  /** A data source the tenant may read and that has a time field, else Druid's 404. */
  const source = async (name: string, req: Request): Promise<DruidContext> => {
    const dataset = catalog.resolve(name, tenantOf(req));
    if (!dataset.timeField) throw new ProxyError({ kind: 'unknown_dataset', dataset: name });
    return { dataset, schema: await schemas.get(dataset) };
  };

  const run = async (req: Request): Promise<RunResult<unknown>> => {
    checkDruidBody(req.body, config.limits);
    if (isMetadataQuery(req.body)) {
      const ctx = await source(parseDataSource(req.body.dataSource), req);
      return pipeline.run(lowerMetadata(ctx, req.body), runOptions(req));
    }
    const query = parseQuery(req.body, config.limits);
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
    r.get('/druid/v2/datasources/:name', json, handle(druidDialect, logger, async (req, res) => {
      sendJson(res, 200, dataSourceSummary(await source(String(req.params.name), req)), false);
    }));
    // what Druid clients probe first: the node's version
    r.get('/status', json, handle(druidDialect, logger, async (_req, res) => {
      sendJson(res, 200, { version: DRUID_VERSION, modules: [], memory: {} }, false);
    }));
  });
}
