/**
 * The date values a default-format date field takes. Each expectation is what OpenSearch 2.19.5
 * answered for a term query with that value on a `{"type": "date"}` field (200 or 400); where
 * Elasticsearch 8.19.7 is more lenient (`+053000`) the stricter answer is kept.
 */
import { describe, expect, it } from 'vitest';
import { isDateMath, isEngineDate, isEpochMillis, isIsoDate, quoteValue } from '../../../src/policy/engine-dates.js';

const ENGINE_ACCEPTS: (string | number)[] = [
  '2024', '2024-01', '2024-01-01', '2024-01-01T', '2024-01-01T10', '2024-01-01T10Z', '2024-01-01T10:00Z',
  '2024-01-01T10:00:00,5', '2024-01-01T23:59:59.999999999Z', '2024-01-01T10:00:00+18:00', '2024-01-01T10:00:00-18:00',
  '2024-01-01T10:00:00.5+0530', '2024-01-01T10:00:00+05:30:00', '2024-01-01T10:00:00+05', '0000-01-01', '-0001-01-01',
  '2024-02-29', '2000-02-29', '9999-12-31T23:59:59Z', '202', '02024', '20240101', '1700000000000', '1.5', '-0', '-1',
  '9223372036854775807', '-9223372036854775807', 1e3, 0.5, 8640000000000000, 9223372036854774784, -9223372036854774784,
];
const ENGINE_REFUSES: (string | number)[] = [
  'x', '', '2024-13-45', '2024-02-30', '2023-02-29', '1900-02-29', '2024-04-31', '2024-01-01T24:00', '2024-01-01T10:00:60',
  '2024-01-01T25:00:00', '2024-01-01t10:00', '2024-01-01T10:00:00z', '2024-01-01T10:00:00+19:00', '2024-01-01T10:00:00+18:01',
  '2024-01-01T10:00:00+05:60', '2024-01-01T10:00:00-18:00:01', '2024-01-01T10:00:00+0530:00', '2024-01-01T10:00:00+053000',
  '2024-01-01T10:00:00+05:3', '2024-01-01T10:00:00.1234567890', '2024-01-01T10:00:00.+05', '2024-01-01TZ', '2024-01-01Z',
  '2024-01-01T10:00:00Z[UTC]', '2024-01-01T10:5', '2024-1', '2024-1-1', '10000-01-01', '+2024-01-01', '2024-W01', '2024-001',
  ' 2024-01-01', '2024-01-01T10:00:00 ', '2024-01-01 10:00:00', 'T10:00', '00:00', '1e3', '+123', '1,5',
  '9223372036854775808', '-9223372036854775808', '12345678901234567890', 1e20, 1e-7, Infinity, NaN,
];

describe('engine dates', () => {
  it.each(ENGINE_ACCEPTS)('the engine reads %j', (v) => {
    expect(isEngineDate(v)).toBe(true);
  });

  it.each(ENGINE_REFUSES)('the engine fails on %j', (v) => {
    expect(isEngineDate(v)).toBe(false);
  });

  it('tells ISO-8601 from epoch millis', () => {
    expect(isIsoDate('2024-01-01T10:00:00Z')).toBe(true);
    expect(isIsoDate('1700000000000')).toBe(false);
    expect(isEpochMillis('1700000000000')).toBe(true);
    expect(isEpochMillis('2024-01-01')).toBe(false);
  });

  it.each([
    ['now', true], ['now-1d', true], ['now-1d/d', true], ['now/d', true], ['now+1h', true], ['now-1d-1h/h+2m', true],
    ['2024-01-01||+1M', true], ['2024-01-01||+1M/M', true], ['2024-01-01||', true], ['2024-01-01||/d', true], ['1700000000000||-1d', true],
    ['now-1x', false], ['now-1.5d', false], ['now ', false], ['Now', false], ['x||+1d', false], ['2024-13-01||+1d', false], ['now||+1d', false],
  ] as const)('date math %j: %s, as the engine evaluates it', (v, ok) => {
    expect(isDateMath(v)).toBe(ok);
  });

  it('quotes a long value cut short', () => {
    expect(quoteValue('x')).toBe('"x"');
    expect(quoteValue('y'.repeat(10_000))).toBe(`"${'y'.repeat(56)}…"`);
    expect(quoteValue(12)).toBe('12');
  });
});
