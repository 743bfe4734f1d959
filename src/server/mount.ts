/**
 * The one generic mount of a dialect: every route of its contract (src/dialect/contract.ts) behind
 * credentials, rate limit, body parser and answer cache (http.ts), and for a query route the one
 * path every dialect takes: parse → dataset (for the tenant) → schema (once) → lower → pipeline →
 * send. Errors anywhere are rendered in the dialect's style.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { ProxyError } from '../errors/proxy-error.js';
import type { DatasetAccess, Dialect, DialectRequest, InfoRoute, OwnRouteDeps, Parsed, QueryRoute, RunResult } from '../dialect/contract.js';
import { dialectRouter, handle, logProblem, runOptions, sendEncoded, sendJson, sendResult, tenantOf } from './http.js';
import { bodyFailure } from './body.js';

/** Token requests are small: OAuth clients send JSON or, as RFC 6749 has it, form-encoded bodies. */
const SMALL_BODY = { bytes: 4096, name: 'the 4 KiB body limit of requests without credentials' };
const small = (parse: RequestHandler): RequestHandler => (req, res, next) =>
  parse(req, res, (e?: unknown) => (e ? next(bodyFailure(e, SMALL_BODY, req)) : next()));
const FORM_BODY = [small(express.urlencoded({ extended: false, limit: SMALL_BODY.bytes })), small(express.json({ limit: SMALL_BODY.bytes }))];
const JSON_BODY = [small(express.json({ limit: SMALL_BODY.bytes }))];

/**
 * `yieldTo`: path prefixes other dialects claim (Dialect.claims); this dialect's router passes
 * them on before any of its routes, guard or catch-all sees them.
 */
export function mountDialect(dialect: Dialect, deps: OwnRouteDeps, yieldTo: readonly string[] = []): Router {
  const { config, logger, cache, catalog } = deps;
  return dialectRouter(dialect, config.limits.maxBodyBytes, logger, cache, catalog.access, (r, json) => {
    if (yieldTo.length > 0) r.use((req, _res, next) => next(yieldTo.some((p) => req.path === p || req.path.startsWith(`${p}/`)) ? 'router' : undefined));
    for (const route of dialect.routes) {
      switch (route.kind) {
        case 'query': {
          const h = handle(dialect, logger, async (req, res) => {
            const http = dialectRequest(req);
            const parsed = route.parse(http, deps.config);
            const result = await runQuery(route, parsed, http, access(req, deps), deps, req);
            if (route.encode && result.cache !== 'explain') sendEncoded(res, result.cache, route.encode(result.body, parsed.request));
            else await sendResult(res, result, 200, route.indent?.(http), route.mediaType?.(parsed.request));
          });
          for (const path of route.paths) r[route.method](path, json, h);
          break;
        }
        case 'info': {
          const h = handle(dialect, logger, async (req, res) => {
            for (const [name, value] of Object.entries(route.headers ?? {})) res.setHeader(name, value);
            await sendJson(res, 200, await route.answer(dialectRequest(req), access(req, deps)), false);
          });
          for (const path of route.paths) r[route.method](path, ...middleware(route, json), h);
          break;
        }
        case 'own': {
          const http = { runOptions, tenantOf, logProblem: (e: unknown) => logProblem(logger, e), sendJson: (res: Response, status: number, body: unknown, memoizable?: boolean) => sendJson(res, status, body, memoizable) };
          const h = handle(dialect, logger, route.handler({ ...deps, http }));
          for (const path of route.paths) for (const method of route.methods) r[method](path, json, h);
          break;
        }
      }
    }
  }, dialect.vary ?? []);
}

async function runQuery(route: QueryRoute<never>, parsed: Parsed<never>, http: DialectRequest, datasets: DatasetAccess, deps: OwnRouteDeps, req: Request): Promise<RunResult<unknown>> {
  const local = route.answerLocally?.(parsed.request, datasets);
  if (local !== undefined) return { body: await local, cache: 'bypass' };
  const dataset = datasets.resolve(parsed.dataset);
  if (route.serves && !route.serves(dataset)) throw new ProxyError({ kind: 'unknown_dataset', dataset: parsed.dataset });
  const schema = await datasets.schema(dataset);
  const lowered = route.lower(parsed.request, { dataset, schema, config: deps.config, http });
  const timeoutMs = route.timeoutMs?.(parsed.request);
  return deps.pipeline.run(lowered, { ...runOptions(req), ...(timeoutMs ? { timeoutMs } : {}) });
}

/** Routes without credentials take no guard (where clients obtain them); form bodies get their parser. */
function middleware(route: InfoRoute, json: RequestHandler[]): RequestHandler[] {
  if (route.authenticated === false) return route.body === 'form' ? FORM_BODY : route.body === 'none' ? [] : JSON_BODY;
  return json;
}

function dialectRequest(req: Request): DialectRequest {
  return {
    method: req.method,
    params: req.params as Record<string, string>,
    query: req.query as Record<string, unknown>,
    body: req.body as unknown,
    header: (name) => req.get(name),
    url: `${req.protocol}://${req.get('host') ?? 'localhost'}${req.path}`,
  };
}

function access(req: Request, deps: OwnRouteDeps): DatasetAccess {
  return {
    config: deps.config,
    accessControl: deps.catalog.access,
    get tenant() {
      return tenantOf(req);
    },
    resolve: (name) => deps.catalog.resolve(name, tenantOf(req)),
    list: () => deps.catalog.list(tenantOf(req)),
    // the registry keeps each dataset's schema, so the pipeline's own read of it costs nothing more
    schema: (d) => deps.schemas.get(d),
  };
}
