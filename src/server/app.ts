/**
 * Express wiring only: builds the shared services, mounts every dialect of the registry
 * (translators/registry.ts) through the one generic mount, and the health endpoints. It names no dialect.
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
import { Metrics } from '../observability/metrics.js';
import { currentRequest } from '../observability/context.js';
import { opsRouter } from './ops-routes.js';
import { playgroundRouter } from './playground.js';
import { DIALECTS } from '../../translators/registry.js';
import { mountDialect } from './mount.js';
import { landingPage } from './landing.js';
import { readiness } from './readiness.js';
import { provideHttpServices } from './services.js';
import { RateLimit } from '../policy/rate-limit.js';

export interface App {
  readonly express: Express;
  readonly cache: ResultCache;
  readonly schemas: SchemaRegistry;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** What a caller may put in place of the engine-backed parts (`aggproxy translate` runs without an engine). */
export interface AppOverrides {
  readonly schemas?: SchemaRegistry;
  readonly engineState?: () => Promise<EngineState>;
  /** `skip`: explain shows a staged request's probe without running it (and nothing after it) */
  readonly probes?: 'run' | 'skip';
}

// every line logged while serving a request carries its id
const withRequestId = (): Record<string, string> => {
  const ctx = currentRequest();
  return ctx ? { reqId: ctx.id } : {};
};

export function createApp(config: AppConfig, logger: Logger = pino({ level: config.logLevel, mixin: withRequestId }), overrides: AppOverrides = {}): App {
  const catalog = new Catalog(config);
  const engine = new EngineClient(config.engine.url, config.engine.timeoutMs, config.limits);
  const schemas = overrides.schemas ?? new SchemaRegistry(engine);
  const cache = new ResultCache(config.cache.maxBytes, config.cache.ttlMs);
  // detected on first use and kept; a failed detection is retried by the next request
  let state: Promise<EngineState> | undefined;
  const engineState = overrides.engineState ?? ((): Promise<EngineState> => {
    state ??= detectEngine(engine, config.engine.disable).catch((e: unknown) => {
      state = undefined;
      throw e;
    });
    return state;
  });
  const pipeline = new Pipeline({ config, catalog, engine, schemas, cache, engineState, logger, probes: overrides.probes ?? 'run' });
  const metrics = new Metrics(cache);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // the dialect routers' body limits and the rate limit all dialects share (src/server/services.ts)
  const rateLimit = RateLimit.of(config.limits);
  provideHttpServices(app, { limits: config.limits, ...(rateLimit ? { rateLimit } : {}) });
  // request id, in-flight gauge, counters and the request log line (src/observability/metrics.ts)
  app.use(metrics.middleware(logger));
  // /metrics, /openapi.json and the reference page at /docs
  app.use(opsRouter(metrics));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', readiness(engine, engineState, logger));
  app.get('/', landingPage);
  app.use(playgroundRouter(catalog));
  for (const dialect of DIALECTS) {
    // where dialects share a root (/api/), each passes on the prefixes the others claim
    const yieldTo = DIALECTS.filter((d) => d !== dialect).flatMap((d) => d.claims ?? []);
    app.use(mountDialect(dialect, { pipeline, catalog, config, schemas, cache, logger }, yieldTo));
  }
  app.use((_req, res) => {
    res.status(404).json({ message: 'Not found' });
  });
  return { express: app, cache, schemas, logger, metrics };
}
