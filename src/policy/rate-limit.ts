/**
 * The per-tenant rate limit (`limits.ratePerSecond`, `limits.rateBurst`), on rate-limiter-flexible's
 * in-memory limiter. Each key holds `rateBurst` requests; its window, which starts at the key's first
 * request, lasts `rateBurst / ratePerSecond` seconds and then refills whole: a client may spend its
 * burst at once and sustains `ratePerSecond` on average. Over it, a `rate_limited` error (429) whose
 * Retry-After is the time until the window refills.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ProxyError } from '../errors/proxy-error.js';
import type { Limits } from './limits.js';

export class RateLimit {
  private readonly limiter: RateLimiterMemory;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
  ) {
    this.limiter = new RateLimiterMemory({ keyPrefix: 'aggproxy-rate', points: burst, duration: burst / ratePerSecond });
  }

  /** The limiter `limits` configure, or none when `ratePerSecond` is 0 (the default: no rate limit). */
  static of(limits: Pick<Limits, 'ratePerSecond' | 'rateBurst'>): RateLimit | undefined {
    return limits.ratePerSecond > 0 ? new RateLimit(limits.ratePerSecond, limits.rateBurst) : undefined;
  }

  /** Spends one request of `key`'s allowance; throws `rate_limited` when none is left. */
  async take(key: string): Promise<void> {
    try {
      await this.limiter.consume(key, 1);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      throw new ProxyError({
        kind: 'rate_limited',
        retryAfterSeconds,
        message: `Too many requests: over limits.ratePerSecond (${this.ratePerSecond} per second, limits.rateBurst ${this.burst}); retry after ${retryAfterSeconds} s`,
      });
    }
  }
}
