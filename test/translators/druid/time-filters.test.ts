/**
 * Filters comparing the time column with a number: times are whole milliseconds the engine holds
 * in a long, so a bound is made whole and kept in that range (the engine failed the whole search
 * on `1e20`: a 502 before), and a selector or `in` value no time can equal matches nothing. No engine.
 */
import { describe, expect, it } from 'vitest';
import { schemaFromMapping } from '../../../src/backend/schema.js';
import { buildConfig } from '../../../src/catalog/config.js';
import { Catalog } from '../../../src/catalog/catalog.js';
import { ANONYMOUS } from '../../../src/auth/access.js';
import { parseQuery } from '../../../translators/druid/parse.js';
import { lowerQuery } from '../../../translators/druid/lower.js';
import { mapping, testingOptions } from './fixtures.js';

const schema = schemaFromMapping('testing', mapping.properties);
const config = buildConfig({ datasets: { testing: { index: 'testing', ...testingOptions } } });
const dataset = new Catalog(config).resolve('testing', ANONYMOUS);
const MAX = 2 ** 63 - 1024;

/** The query's filter as lowered, with the intervals' own range left out. */
function filterOf(filter: object): string {
  const plan = lowerQuery({ dataset, schema }, parseQuery({ queryType: 'timeseries', dataSource: 'testing', intervals: ['1970-01-01/2030-01-01'], granularity: 'all', aggregations: [{ type: 'count', name: 'n' }], filter }), config);
  return JSON.stringify(plan.ir.filter);
}
const bound = (lower: string | undefined, upper: string | undefined, lowerStrict = false, upperStrict = false) =>
  filterOf({ type: 'bound', dimension: '__time', ordering: 'numeric', ...(lower !== undefined ? { lower } : {}), ...(upper !== undefined ? { upper } : {}), lowerStrict, upperStrict });

describe('druid time filters with numbers', () => {
  it('a bound past the long range is the range end: every time or none, never an engine failure', () => {
    expect(bound('1e20', undefined)).toContain(`"gte":${MAX}`);
    expect(bound(undefined, '99999999999999999999')).toContain(`"lte":${MAX}`);
    expect(bound('-1e20', undefined, true)).toContain(`"gt":${-MAX}`);
    expect(bound(undefined, '1e400', false, true)).toContain(`"lt":${MAX}`);
    expect(bound('-1e400', undefined)).toContain(`"gte":${-MAX}`);
  });

  it('a fractional bound becomes the whole millisecond it means', () => {
    expect(bound('1.5', '7.5')).toMatch(/"gte":2,"lte":7/);
    expect(bound('1.5', '7.5', true, true)).toMatch(/"gt":1,"lt":8/);
    expect(bound('1e-7', undefined)).toContain('"gte":1');
    expect(bound('1293840000000', '1293926400000', false, true)).toMatch(/"gte":1293840000000,"lt":1293926400000/);
  });

  it('a selector or in value no time can equal matches nothing', () => {
    for (const value of ['1e20', '1.5', '-99999999999999999999']) {
      expect(filterOf({ type: 'selector', dimension: '__time', value })).not.toContain('"term"');
    }
    const inList = filterOf({ type: 'in', dimension: '__time', values: ['1e20', '1293840000000'] });
    expect(inList).toContain('"values":[1293840000000]');
    expect(filterOf({ type: 'selector', dimension: '__time', value: '1293840000000' })).toContain('"value":1293840000000');
  });
});
