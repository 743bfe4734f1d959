/** Druid reads ints and booleans as Jackson does: numbers or their strings, never a list or object. */
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../translators/druid/parse.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';

const common = { dataSource: 'testing', intervals: ['2011-01-01/2012-01-01'], granularity: 'all', aggregations: [{ type: 'count', name: 'rows' }] };
const base = { queryType: 'topN', dataSource: 'testing', intervals: ['2011-01-01/2012-01-01'], granularity: 'all', dimension: 'market', metric: 'rows', aggregations: [{ type: 'count', name: 'rows' }] };

const refusal = (body: object): { pointer?: string; message: string } | undefined => {
  try {
    parseQuery(body);
    return undefined;
  } catch (e) {
    if (!(e instanceof ProxyError) || e.detail.kind !== 'invalid_request') throw e;
    return { pointer: e.detail.at.pointer, message: e.detail.message };
  }
};

describe('strict Druid scalars', () => {
  it('accepts numbers and numeric strings', () => {
    expect(refusal({ ...base, threshold: 5 })).toBeUndefined();
    expect(refusal({ ...base, threshold: '5' })).toBeUndefined();
  });

  it.each([
    ['threshold as a list', { ...base, threshold: [[1]] }, '/threshold'],
    ['threshold past a Java int', { ...base, threshold: 2_147_483_648 }, '/threshold'],
    ['limitSpec.offset past a Java int', { ...common, queryType: 'groupBy', dimensions: ['market'], limitSpec: { type: 'default', offset: 2_147_483_648 } }, '/limitSpec/offset'],
    ['limitSpec.limit as a list', { ...common, queryType: 'groupBy', dimensions: ['market'], limitSpec: { type: 'default', limit: [[1]] } }, '/limitSpec/limit'],
    ['descending as a list', { ...common, queryType: 'timeseries', descending: [true] }, '/descending'],
    ['a post-aggregator name as a list', { ...base, threshold: 1, postAggregations: [{ type: 'constant', name: [['x']], value: 1 }] }, '/postAggregations/0/name'],
  ])('%s: 400 at its pointer', (_what, body, pointer) => {
    expect(refusal(body)?.pointer).toBe(pointer);
  });
});
