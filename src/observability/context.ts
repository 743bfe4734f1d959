/**
 * The request being served, as the code far from the HTTP layer sees it (the engine client, the
 * executor, the pipeline): its id, what it read and what the engine cost it. Carried by
 * AsyncLocalStorage so those modules need one call each and no new parameters; outside a request
 * (start-up detection, the demo loader) every call here does nothing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler, Router } from 'express';

/** What the metrics record per event; implemented by Metrics (metrics.ts). */
export interface RequestSink {
  engineError(dialect: string, kind: string): void;
  compositePage(dialect: string): void;
  /** an engine call of a request took (+1) or gave back (-1) a gate slot, or entered or left its queue */
  engineGate(state: GateState, by: 1 | -1): void;
  /** an engine call refused because the gate's queue was full (503 overloaded) */
  engineRefused(dialect: string): void;
}

export type GateState = 'in_flight' | 'queued';

export interface RequestContext {
  readonly id: string;
  dialect: string;
  readonly datasets: Set<string>;
  engineMs: number;
  engineCalls: number;
  /** composite pages fetched so far, for the per-request page bound (limits.maxCompositePages) */
  compositePages: number;
  /** buckets collected so far by all of the request's queries, for the per-request bucket budget */
  buckets: number;
  readonly sink: RequestSink;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Route objects of dialect routers → dialect id (set once when the routers are built). */
const routeDialects = new WeakMap<object, string>();

/** Marks every route of a dialect's router as that dialect's. */
export function tagRoutes(router: Router, dialect: string): void {
  for (const layer of router.stack as { route?: object }[]) if (layer.route) routeDialects.set(layer.route, dialect);
}

/** The dialect whose route matched, or `none`. */
export const dialectOfRoute = (route: unknown): string => (typeof route === 'object' && route !== null ? routeDialects.get(route) : undefined) ?? 'none';

export const currentRequest = (): RequestContext | undefined => storage.getStore();

export function runInRequest<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/**
 * Body parsers resume in the socket's async context, not the request's: this re-enters the
 * request's context after them (the context object travels in res.locals).
 */
export const reenterRequest: RequestHandler = (req, res, next) => {
  const ctx = res.locals.requestContext as RequestContext | undefined;
  if (ctx) {
    ctx.dialect = dialectOfRoute(req.route);
    storage.run(ctx, next);
  }
  else next();
};

/** The pipeline names the dataset it runs on (several for a Nue document with several fields). */
export function noteDataset(name: string): void {
  currentRequest()?.datasets.add(name);
}

/** The headers an engine call carries for this request (its id as X-Opaque-Id) and its end, timed. */
export function engineCall(): { headers: Record<string, string> | undefined; end(errorKind?: string): void } {
  const ctx = currentRequest();
  if (!ctx) return { headers: undefined, end: () => undefined };
  const started = process.hrtime.bigint();
  return {
    headers: { 'x-opaque-id': ctx.id },
    end(errorKind) {
      ctx.engineCalls++;
      ctx.engineMs += Number(process.hrtime.bigint() - started) / 1e6;
      if (errorKind) ctx.sink.engineError(ctx.dialect, errorKind);
    },
  };
}

/** An error the engine answered inside a 200 (failed shards, timed_out). */
export function noteEngineError(kind: string): void {
  const ctx = currentRequest();
  ctx?.sink.engineError(ctx.dialect, kind);
}

/** Counts a composite page; answers the request's pages so far (undefined outside a request). */
export function noteCompositePage(): number | undefined {
  const ctx = currentRequest();
  if (!ctx) return undefined;
  ctx.sink.compositePage(ctx.dialect);
  return ++ctx.compositePages;
}

/** How the engine gate (src/backend/engine-gate.ts) reports a call's slot and queue changes. */
export interface GateMeter {
  change(state: GateState, by: 1 | -1): void;
  refused(): void;
}

const UNMETERED: GateMeter = { change: () => undefined, refused: () => undefined };

/** The request's meter, taken when its call reaches the gate (the changes after arrive on the same sink). */
export function gateMeter(): GateMeter {
  const ctx = currentRequest();
  if (!ctx) return UNMETERED;
  return { change: (state, by) => ctx.sink.engineGate(state, by), refused: () => ctx.sink.engineRefused(ctx.dialect) };
}

/** Adds buckets the request collected; answers its total so far (undefined outside a request). */
export function noteBuckets(n: number): number | undefined {
  const ctx = currentRequest();
  if (!ctx) return undefined;
  ctx.buckets += n;
  return ctx.buckets;
}
