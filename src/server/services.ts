/**
 * What the shared HTTP layer needs from the running app that the dialect routers (built in
 * translators/, with only their own dependencies) do not hand it: the configured limits and the
 * one rate limiter all dialects share. Kept in Express's `app.locals`, which every router reaches
 * through `req.app`.
 */
import type { Express, Request } from 'express';
import type { Limits } from '../policy/limits.js';
import type { RateLimit } from '../policy/rate-limit.js';

export interface HttpServices {
  readonly limits: Limits;
  /** absent when the rate limit is off */
  readonly rateLimit?: RateLimit;
}

const KEY = 'aggproxyHttpServices';

export function provideHttpServices(app: Express, services: HttpServices): void {
  app.locals[KEY] = services;
}

/** The app's services; undefined for a router mounted outside createApp (then defaults apply). */
export function httpServicesOf(req: Request): HttpServices | undefined {
  return (req.app?.locals as Record<string, unknown> | undefined)?.[KEY] as HttpServices | undefined;
}
