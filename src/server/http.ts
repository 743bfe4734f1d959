/** Shared HTTP plumbing for dialect routers: body parsing, run options, result and error rendering. */
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { ProxyError, retryAfterOf, toProxyError } from '../errors/proxy-error.js';
import type { CredentialSource, Dialect } from '../dialect/contract.js';
import type { AccessControl, Tenant } from '../auth/access.js';
import type { EncodedAnswer, RunOptions, RunResult } from '../dialect/contract.js';
import type { ResultCache } from '../cache/result-cache.js';
import { createHash } from 'node:crypto';
import { reenterRequest, tagRoutes } from '../observability/context.js';
import { defaultLimits } from '../policy/limits.js';
import { BodyRefusal, jsonBody, withStatus } from './body.js';
import { httpServicesOf } from './services.js';
import { stringifyInSlices } from '../util/json-slices.js';
import { JsonText } from '../dialect/json-text.js';

const truthy = (v: unknown): boolean => v === '' || v === '1' || v === 'true' || v === 'yes';

/** `?explain=true` or `x-aggproxy-explain: true`; cache bypass by `x-aggproxy-cache: bypass` or `cache-control: no-cache`. */
const explainAsked = (req: Request): boolean => truthy(req.query.explain) || truthy(req.get('x-aggproxy-explain'));
const bypassAsked = (req: Request): boolean => req.get('x-aggproxy-cache') === 'bypass' || /no-cache|no-store/.test(req.get('cache-control') ?? '');

export function runOptions(req: Request): RunOptions {
  const explain = explainAsked(req);
  const bypassCache = bypassAsked(req);
  return { explain, bypassCache, tenant: tenantOf(req), ...(req.res ? { signal: clientGone(req.res) } : {}) };
}

/** Aborted when the client's connection closes before its answer is complete, so engine work stops. */
export function clientGone(res: Response): AbortSignal {
  let gone = res.locals.clientGone as AbortController | undefined;
  if (!gone) {
    const c = (gone = new AbortController());
    res.locals.clientGone = c;
    res.on('close', () => {
      if (!res.writableFinished) c.abort();
    });
  }
  return gone.signal;
}

/** What an answer that did not come from the cache says it was: errors carry the header too. */
function cacheStatusOf(req: Request): 'explain' | 'bypass' | 'miss' {
  return explainAsked(req) ? 'explain' : bypassAsked(req) ? 'bypass' : 'miss';
}

/** The tenant the router's guard authenticated; a route reached without the guard fails closed. */
export function tenantOf(req: Request): Tenant {
  const t = req.res?.locals.tenant as Tenant | undefined;
  if (!t) throw new ProxyError({ kind: 'unauthorized', reason: 'missing', message: 'no credentials were checked' });
  return t;
}

function credentialSource(req: Request): CredentialSource {
  return {
    header: (name) => req.get(name),
    query: (name) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined),
  };
}

/** Authenticates by the dialect's convention; the tenant travels in `res.locals`, 401s in the dialect's style. */
function guard(dialect: Dialect, access: AccessControl, logger: Logger): RequestHandler {
  return (req, res, next) => {
    try {
      res.locals.tenant = access.authenticate(dialect.credentials(credentialSource(req)));
      next();
    } catch (e) {
      sendError(res, dialect, e, logger);
    }
  };
}

export function sendResult(res: Response, result: RunResult<unknown>, status = 200, indent?: number, type?: string): Promise<void> {
  res.setHeader('x-aggproxy-cache', result.cache);
  // an explain document is plain JSON whatever the answer's media type would have been
  return sendJson(res, status, result.body, result.cache !== 'explain', indent, result.cache === 'explain' ? undefined : type);
}


/** Sends an answer a route encoded itself (not memoized: its headers, such as a query id, are per request). */
export function sendEncoded(res: Response, cache: RunResult<unknown>['cache'], encoded: EncodedAnswer): void {
  res.setHeader('x-aggproxy-cache', cache);
  for (const [name, value] of Object.entries(encoded.headers)) res.setHeader(name, value);
  res.status(200).type(encoded.contentType).send(encoded.text);
}

/**
 * Sends JSON; a successful answer to a memoizable request is kept, serialized, for identical requests.
 * Serialized in slices (src/util/json-slices.ts): a large answer lets other requests through meanwhile.
 */
export async function sendJson(res: Response, status: number, body: unknown, memoizable = true, indent?: number, type?: string): Promise<void> {
  const text = body instanceof JsonText ? body.text : indent !== undefined ? JSON.stringify(body, null, indent) : ((await stringifyInSlices(body)) ?? 'null');
  const memo = res.locals.memo as { cache: ResultCache; key: string } | undefined;
  if (memo && memoizable && status === 200) memo.cache.setResponse(memo.key, { status, body: text, ...(type ? { type } : {}) });
  res.status(status).type(type ?? 'application/json').send(text);
}

/**
 * Answers a request whose exact bytes (method, URL, body) were answered before, unless the client
 * bypasses the cache or asks for explain; otherwise marks the request so its answer is kept.
 */
function memoLookup(dialect: Dialect, cache: ResultCache, vary: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const o = runOptions(req);
    if (o.explain || o.bypassCache) return next();
    const raw = (req as Request & { rawBody?: Buffer }).rawBody;
    const key = createHash('sha256')
      .update(`${dialect.id}\u0000${tenantOf(req).name}\u0000${req.method}\u0000${req.originalUrl}\u0000`)
      .update(vary.map((h) => `${h}=${req.get(h) ?? ''}`).join('\u0000') + '\u0000')
      .update(raw ?? '')
      .digest('hex');
    const hit = cache.getResponse(key);
    if (hit) {
      res.setHeader('x-aggproxy-cache', 'hit');
      res.status(hit.status).type(hit.type ?? 'application/json').send(hit.body);
      return;
    }
    res.locals.memo = { cache, key };
    next();
  };
}

/** Engine problems and internal errors go to the log in full, under the request id the client was given. */
export function logProblem(logger: Logger, e: unknown): ProxyError {
  const err = toProxyError(e);
  if (err.detail.kind === 'internal') logger.error({ err: e, requestId: err.detail.requestId }, 'internal error');
  else if (err.detail.kind.startsWith('engine_')) logger.warn({ detail: err.detail, requestId: 'requestId' in err.detail ? err.detail.requestId : undefined }, 'engine problem');
  return err;
}

export function sendError(res: Response, dialect: Dialect, e: unknown, logger: Logger): void {
  const err = logProblem(logger, e);
  const own = dialect.renderError(err.detail);
  const rendered = err instanceof BodyRefusal ? withStatus(own, err.httpStatus) : own;
  if (res.headersSent) return;
  if (!res.getHeader('x-aggproxy-cache') && res.req) res.setHeader('x-aggproxy-cache', cacheStatusOf(res.req));
  const retry = retryAfterOf(err.detail);
  if (retry !== undefined) res.setHeader('retry-after', String(retry));
  res.status(rendered.status).json(rendered.body);
}

/** Wraps an async handler so every failure is rendered in the dialect's style. */
export function handle(dialect: Dialect, logger: Logger, fn: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req, res) => {
    fn(req, res).catch((e: unknown) => sendError(res, dialect, e, logger));
  };
}

/**
 * The rate limit, keyed by the tenant when authentication is on, else by the client's address;
 * nothing to do when it is off. Runs after the guard and before the body is read.
 */
function rateLimited(dialect: Dialect, access: AccessControl, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const rate = httpServicesOf(req)?.rateLimit;
    if (!rate) return next();
    const key = access.config.enabled ? `tenant:${tenantOf(req).name}` : `client:${req.ip ?? req.socket.remoteAddress ?? ''}`;
    rate.take(key).then(
      () => next(),
      (e: unknown) => sendError(res, dialect, e, logger),
    );
  };
}

/**
 * A router for one dialect, errors in the dialect's style. `json` parses bodies of any content
 * type; routes take it themselves, so one dialect's parser never handles another dialect's paths.
 */
export function dialectRouter(
  dialect: Dialect,
  /** the body size bound when the router runs outside createApp; inside, the app's limits apply (per dialect) */
  limitBytes: number,
  logger: Logger,
  cache: ResultCache,
  access: AccessControl,
  /**
   * `json` = guard, rate limit, body parser, memo: every route passes it, so nothing answers unauthenticated
   * (a route without it is one that must work without credentials: where clients obtain them)
   */
  mount: (r: Router, json: RequestHandler[]) => void,
  /** request headers that change the answer, so they are part of the memo key */
  vary: readonly string[] = [],
): Router {
  const r = express.Router();
  // the app's limits (per-dialect body size, depth); `limitBytes` only outside createApp
  const fallback = { ...defaultLimits, maxBodyBytes: limitBytes };
  const json = jsonBody(dialect.id, (req) => httpServicesOf(req)?.limits ?? fallback, dialect.textBodies === true);
  mount(r, [guard(dialect, access, logger), rateLimited(dialect, access, logger), json, reenterRequest, memoLookup(dialect, cache, vary)]);
  tagRoutes(r, dialect.id);
  r.use((e: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(e);
    sendError(res, dialect, e, logger);
  });
  return r;
}
