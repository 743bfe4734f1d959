/**
 * Express wiring only: builds the shared services, mounts each dialect's router and the health
 * endpoints. A new dialect is one more router here and one folder under translators/.
 */
import express, { type Express } from 'express';
import { pino, type Logger } from 'pino';
import type { AppConfig } from '../catalog/config.js';
import { Catalog } from '../catalog/catalog.js';
import { EngineClient } from '../backend/engine-client.js';
import { SchemaRegistry } from '../backend/schema.js';
import { ResultCache } from '../cache/result-cache.js';
import { Pipeline } from './pipeline.js';
import { detectEngine, type EngineState } from './engine-state.js';
import { relevanceRouter } from '../../translators/relevance-ai/routes.js';
import { nueRouter } from '../../translators/nue-graphql/routes.js';
import { shopwareRouter } from '../../translators/shopware/routes.js';
import { druidRouter } from '../../translators/druid/routes.js';
import { opendatasoftRouter } from '../../translators/opendatasoft/routes.js';
import { requestIdFrom, withRequestId } from '../util/request-context.js';
import { readiness } from './readiness.js';

export interface App {
  readonly express: Express;
  readonly cache: ResultCache;
  readonly schemas: SchemaRegistry;
  readonly logger: Logger;
}

export function createApp(config: AppConfig, logger: Logger = pino({ level: config.logLevel })): App {
  const catalog = new Catalog(config);
  const engine = new EngineClient(config.engine.url, config.engine.timeoutMs);
  const schemas = new SchemaRegistry(engine);
  const cache = new ResultCache(config.cache.maxBytes, config.cache.ttlMs);
  // detected on first use and kept; a failed detection is retried by the next request
  let state: Promise<EngineState> | undefined;
  const engineState = (): Promise<EngineState> => {
    state ??= detectEngine(engine, config.engine.disable).catch((e: unknown) => {
      state = undefined;
      throw e;
    });
    return state;
  };
  const pipeline = new Pipeline({ config, catalog, engine, schemas, cache, engineState, logger });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    // errors name this id to the client; the log has their details under it
    const requestId = requestIdFrom(req.get('x-request-id'));
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      // the path only: query strings and headers (which may carry keys) are never logged
      logger.info(
        { requestId, method: req.method, path: req.path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, cache: res.getHeader('x-aggproxy-cache') },
        'request',
      );
    });
    withRequestId(requestId, next);
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', readiness(engine, engineState, logger));
  app.use(relevanceRouter({ pipeline, catalog, config, schemas, cache, logger }));
  app.use(nueRouter({ pipeline, catalog, config, schemas, cache, engine, logger }));
  app.use(shopwareRouter({ pipeline, catalog, config, schemas, cache, logger }));
  app.use(druidRouter({ pipeline, catalog, config, schemas, cache, logger }));
  app.use(opendatasoftRouter({ pipeline, catalog, config, schemas, cache, logger }));
  app.use((_req, res) => {
    res.status(404).json({ message: 'Not found' });
  });
  return { express: app, cache, schemas, logger };
}
