/** Series a histogram with min_doc_count 0 would build in full are refused before they are sent. */
import { describe, expect, it } from 'vitest';
import { guardEngineBody } from '../../../src/policy/engine-guard.js';
import { defaultLimits } from '../../../src/policy/limits.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';

const limits = { ...defaultLimits, maxBuckets: 1000 };
const body = (h: Record<string, unknown>, type = 'date_histogram') => ({ size: 0, aggs: { s: { [type]: { field: 'ts', ...h } } } });

function refused(b: Record<string, unknown>): boolean {
  try {
    guardEngineBody(b, limits);
    return false;
  } catch (e) {
    expect(e).toBeInstanceOf(ProxyError);
    expect((e as ProxyError).detail).toMatchObject({ kind: 'limit', limit: 'limits.maxBuckets', max: 1000 });
    return true;
  }
}

const DAY = 86_400_000;

describe('histogram series length', () => {
  it('counts fixed intervals from extended_bounds or hard_bounds', () => {
    expect(refused(body({ fixed_interval: '1d', min_doc_count: 0, extended_bounds: { min: 0, max: 999 * DAY } }))).toBe(false);
    expect(refused(body({ fixed_interval: '1d', min_doc_count: 0, extended_bounds: { min: 0, max: 1000 * DAY } }))).toBe(true);
    expect(refused(body({ fixed_interval: '1h', min_doc_count: 0, hard_bounds: { min: '2020-01-01', max: '2020-03-01' } }))).toBe(true);
    expect(refused(body({ fixed_interval: '1000ms', min_doc_count: 0, extended_bounds: { min: 0, max: 10_000_000 } }))).toBe(true);
  });

  it('approximates calendar units upwards (shortest month, DST day)', () => {
    // 1000 days: 1000 day buckets, plus the DST margin, is over 1000
    expect(refused(body({ calendar_interval: 'day', min_doc_count: 0, extended_bounds: { min: 0, max: 999 * DAY } }))).toBe(true);
    expect(refused(body({ calendar_interval: '1d', min_doc_count: 0, extended_bounds: { min: 0, max: 900 * DAY } }))).toBe(false);
    // 0001–9999 by day: millions
    expect(refused(body({ calendar_interval: '1d', min_doc_count: 0, extended_bounds: { min: '0001-01-01', max: '9999-12-31' } }))).toBe(true);
    // 80 years by month: 960 months, but at 28 days a month the bound says more than 1000
    expect(refused(body({ calendar_interval: 'month', min_doc_count: 0, extended_bounds: { min: '1950-01-01', max: '2030-01-01' } }))).toBe(true);
    expect(refused(body({ calendar_interval: '1y', min_doc_count: 0, extended_bounds: { min: '1000-01-01', max: '1900-01-01' } }))).toBe(false);
    // the legacy `interval` (OpenSearch) reads either form
    expect(refused(body({ interval: '1s', min_doc_count: 0, extended_bounds: { min: 0, max: 3_600_000 } }))).toBe(true);
    expect(refused(body({ interval: 'year', min_doc_count: 0, extended_bounds: { min: 0, max: 100 * 365 * DAY } }))).toBe(false);
  });

  it('counts numeric histograms, also with absurd intervals', () => {
    expect(refused(body({ interval: 1, min_doc_count: 0, extended_bounds: { min: 0, max: 999 } }, 'histogram'))).toBe(false);
    expect(refused(body({ interval: 1, min_doc_count: 0, extended_bounds: { min: 0, max: 1000 } }, 'histogram'))).toBe(true);
    expect(refused(body({ interval: 1e-300, min_doc_count: 0, extended_bounds: { min: 0, max: 1e308 } }, 'histogram'))).toBe(true);
  });

  it('leaves alone what the engine builds only from data', () => {
    // without min_doc_count 0 only buckets with documents are made; without bounds the data decide
    expect(refused(body({ fixed_interval: '1ms', extended_bounds: { min: 0, max: 1e12 } }))).toBe(false);
    expect(refused(body({ fixed_interval: '1ms', min_doc_count: 0 }))).toBe(false);
    expect(refused(body({ fixed_interval: '1ms', min_doc_count: 0, extended_bounds: { min: 'now-1d', max: 'now' } }))).toBe(false);
    // a composite source is paged, not built in full
    expect(refused({ aggs: { c: { composite: { sources: [{ d: { date_histogram: { field: 'ts', fixed_interval: '1ms' } } }] } } } })).toBe(false);
  });
});
