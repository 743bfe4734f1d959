/** The rate limit: off at 0, a burst per key, then `rate_limited` with the seconds to wait. */
import { describe, expect, it } from 'vitest';
import { RateLimit } from '../../../src/policy/rate-limit.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';

describe('RateLimit', () => {
  it('is off when ratePerSecond is 0 (the default)', () => {
    expect(RateLimit.of({ ratePerSecond: 0, rateBurst: 100 })).toBeUndefined();
  });

  it('admits the burst, then refuses with Retry-After; keys are independent', async () => {
    const rate = RateLimit.of({ ratePerSecond: 0.5, rateBurst: 3 })!;
    for (let i = 0; i < 3; i++) await rate.take('tenant:a');
    const refused = await rate.take('tenant:a').then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(ProxyError);
    const d = (refused as ProxyError).detail;
    expect(d.kind).toBe('rate_limited');
    // the window of a 3-request burst at 0.5 per second lasts 6 s
    expect(d.kind === 'rate_limited' && d.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(d.kind === 'rate_limited' && d.retryAfterSeconds).toBeLessThanOrEqual(6);
    expect((refused as ProxyError).message).toContain('limits.ratePerSecond');
    await rate.take('tenant:b');
  });

  it('refills after its window', async () => {
    const rate = RateLimit.of({ ratePerSecond: 20, rateBurst: 2 })!;
    await rate.take('k');
    await rate.take('k');
    await expect(rate.take('k')).rejects.toBeInstanceOf(ProxyError);
    await new Promise((r) => setTimeout(r, 150));
    await rate.take('k');
  });
});
