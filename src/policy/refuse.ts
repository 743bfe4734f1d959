/** The one way any stage refuses a request over a bound: a `limit` error naming it. */
import { ProxyError, type Location } from '../errors/proxy-error.js';
import type { LimitName } from './limits.js';

export function limitError(limit: LimitName, max: number, what: string, at: Location = {}): ProxyError {
  return new ProxyError({ kind: 'limit', limit: `limits.${limit}`, max, message: `${what}: over limits.${limit} (${max})`, at });
}

/** Throws when `actual` exceeds `max`. */
export function within(limit: LimitName, max: number, actual: number, what: string, at: Location = {}): void {
  if (actual > max) throw limitError(limit, max, what, at);
}
