/**
 * Prometheus metrics (prom-client, one registry per app) and the request middleware that feeds
 * them and writes the request log. The rest of the code reports through context.ts; the HTTP
 * layer tags each dialect's routes with the dialect (tagRoutes), so the labels need no guessing.
 */
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ResultCache } from '../cache/result-cache.js';
import { dialectOfRoute, runInRequest, type GateState, type RequestContext, type RequestSink } from './context.js';

/** A client's own id is kept when it is a plain token (it ends up in headers and logs); else a fresh one. */
const SANE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

export function requestIdOf(req: Request): string {
  const given = req.get('x-request-id');
  return given && SANE_ID.test(given) ? given : randomUUID();
}

const seconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class Metrics implements RequestSink {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'aggproxy_http_requests_total',
    help: 'HTTP requests answered, by dialect, route pattern and status',
    labelNames: ['dialect', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'aggproxy_http_request_duration_seconds',
    help: 'Whole-request latency, from arrival to the last byte written',
    labelNames: ['dialect', 'route'] as const,
    buckets: seconds,
    registers: [this.registry],
  });
  private readonly engineDuration = new Histogram({
    name: 'aggproxy_engine_duration_seconds',
    help: 'Time a request spent waiting for the engine (sum over its engine calls), for requests that called it',
    labelNames: ['dialect'] as const,
    buckets: seconds,
    registers: [this.registry],
  });
  private readonly cacheResults = new Counter({
    name: 'aggproxy_cache_requests_total',
    help: 'Dialect answers by cache status (hit, miss, bypass, explain)',
    labelNames: ['dialect', 'result'] as const,
    registers: [this.registry],
  });
  private readonly engineErrors = new Counter({
    name: 'aggproxy_engine_errors_total',
    help: 'Engine failures by kind (engine_error, engine_timeout, engine_unavailable)',
    labelNames: ['dialect', 'kind'] as const,
    registers: [this.registry],
  });
  private readonly compositePages = new Counter({
    name: 'aggproxy_composite_pages_total',
    help: 'Composite aggregation pages fetched from the engine (after_key paging)',
    labelNames: ['dialect'] as const,
    registers: [this.registry],
  });
  // the engine gate (src/backend/engine-gate.ts), as the calls of this app's requests move through it
  private readonly engineGates = {
    in_flight: new Gauge({
      name: 'aggproxy_engine_requests_in_flight',
      help: 'Engine calls of client requests holding a slot (at most limits.maxConcurrentEngineRequests)',
      registers: [this.registry],
    }),
    queued: new Gauge({
      name: 'aggproxy_engine_requests_queued',
      help: 'Engine calls of client requests waiting for a slot (at most limits.maxQueuedEngineRequests)',
      registers: [this.registry],
    }),
  } as const;
  private readonly engineRefusals = new Counter({
    name: 'aggproxy_engine_requests_refused_total',
    help: 'Engine calls refused with 503 overloaded because limits.maxQueuedEngineRequests were already waiting',
    labelNames: ['dialect'] as const,
    registers: [this.registry],
  });
  private readonly inFlight = new Gauge({
    name: 'aggproxy_http_requests_in_flight',
    help: 'Requests being served right now',
    registers: [this.registry],
  });

  constructor(cache: ResultCache) {
    collectDefaultMetrics({ register: this.registry });
    const sizes = [
      { name: 'aggproxy_cache_entries', help: 'Entries in the result cache (tables: result tables by IR hash; responses: serialized answers by request bytes)', of: 'entries' },
      { name: 'aggproxy_cache_bytes', help: 'Estimated size of the result cache in bytes (serialized length)', of: 'bytes' },
    ] as const;
    for (const g of sizes) {
      new Gauge({
        name: g.name,
        help: g.help,
        labelNames: ['store'] as const,
        registers: [this.registry],
        collect() {
          const s = cache.stats();
          this.set({ store: 'tables' }, s.tables[g.of]);
          this.set({ store: 'responses' }, s.responses[g.of]);
        },
      });
    }
  }

  engineError(dialect: string, kind: string): void {
    this.engineErrors.inc({ dialect, kind });
  }

  compositePage(dialect: string): void {
    this.compositePages.inc({ dialect });
  }

  engineGate(state: GateState, by: 1 | -1): void {
    this.engineGates[state].inc(by);
  }

  engineRefused(dialect: string): void {
    this.engineRefusals.inc({ dialect });
  }

  /** GET /metrics */
  readonly handler: RequestHandler = (_req, res, next) => {
    this.registry
      .metrics()
      .then((text) => res.type(this.registry.contentType).send(text))
      .catch(next);
  };

  /**
   * First middleware of the app: the request id (x-request-id in, x-request-id out, X-Opaque-Id to
   * the engine), the in-flight gauge, and on finish the counters and the request log line.
   */
  middleware(logger: Logger): RequestHandler {
    return (req, res, next) => {
      const started = process.hrtime.bigint();
      const ctx: RequestContext = { id: requestIdOf(req), dialect: 'none', datasets: new Set(), engineMs: 0, engineCalls: 0, compositePages: 0, buckets: 0, sink: this };
      res.locals.requestContext = ctx;
      res.setHeader('x-request-id', ctx.id);
      this.inFlight.inc();
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        this.inFlight.dec();
        const route = (req.route as { path?: unknown } | undefined)?.path;
        const dialect = dialectOfRoute(req.route);
        const labels = { dialect, route: typeof route === 'string' ? route : 'unmatched' };
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const cache = res.getHeader('x-aggproxy-cache');
        this.requests.inc({ ...labels, status: String(res.statusCode) });
        this.duration.observe(labels, ms / 1000);
        if (ctx.engineCalls > 0) this.engineDuration.observe({ dialect }, ctx.engineMs / 1000);
        if (typeof cache === 'string') this.cacheResults.inc({ dialect, result: cache });
        // the path only: query strings and headers (which may carry keys) are never logged
        logger.info(
          {
            reqId: ctx.id,
            method: req.method,
            path: req.originalUrl.split('?')[0],
            status: res.statusCode,
            ms,
            dialect,
            ...(ctx.datasets.size > 0 ? { dataset: [...ctx.datasets].join(',') } : {}),
            ...(cache !== undefined ? { cache } : {}),
            ...(ctx.engineCalls > 0 ? { engineMs: Math.round(ctx.engineMs * 1000) / 1000, engineCalls: ctx.engineCalls } : {}),
          },
          res.writableFinished ? 'request' : 'request aborted',
        );
      };
      res.on('finish', finish);
      res.on('close', finish);
      runInRequest(ctx, next);
    };
  }
}
