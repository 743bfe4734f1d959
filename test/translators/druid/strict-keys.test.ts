/**
 * Strictness of the native query shapes: each documented query type, as Druid's docs show it, parses;
 * the same with one unknown key at the top, in the context or in a search spec is a 400 naming it.
 */
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../translators/druid/parse.js';
import { parseSearch } from '../../../translators/druid/search.js';
import { CONTEXT_WITHOUT_EFFECT } from '../../../translators/druid/context.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';

const common = { dataSource: 'testing', intervals: ['2011-01-01/2012-01-01'], granularity: 'all' };
const agg = [{ type: 'count', name: 'rows' }];
const context = { timeout: 1000, queryId: 'q', priority: 0, useCache: true, populateCache: true, useResultLevelCache: true, populateResultLevelCache: true, finalize: true };
/** The documented shapes, with every top-level key each type has. */
const SHAPES: Record<string, Record<string, unknown>> = {
  groupBy: { ...common, queryType: 'groupBy', dimensions: ['market'], aggregations: agg, postAggregations: [], filter: { type: 'true' }, virtualColumns: [], having: { type: 'greaterThan', aggregation: 'rows', value: 0 }, limitSpec: { type: 'default', limit: 5, columns: [] }, subtotalsSpec: [['market']], context: { ...context, sortByDimsFirst: true } },
  timeseries: { ...common, queryType: 'timeseries', aggregations: agg, postAggregations: [], filter: { type: 'true' }, virtualColumns: [], descending: true, limit: 5, context: { ...context, skipEmptyBuckets: true } },
  topN: { ...common, queryType: 'topN', dimension: 'market', threshold: 3, metric: 'rows', aggregations: agg, postAggregations: [], filter: { type: 'true' }, virtualColumns: [], context },
  search: { ...common, queryType: 'search', searchDimensions: ['market'], query: { type: 'contains', value: 'a', caseSensitive: true }, sort: { type: 'strlen' }, limit: 10, filter: { type: 'true' }, virtualColumns: [], context },
};

const parse = (body: Record<string, unknown>) => (body.queryType === 'search' ? parseSearch(body) : parseQuery(body));

function refusal(body: Record<string, unknown>): { pointer?: string; message: string } | undefined {
  try {
    parse(body);
    return undefined;
  } catch (e) {
    if (!(e instanceof ProxyError) || e.detail.kind !== 'invalid_request') throw e;
    return { pointer: e.detail.at.pointer, message: e.detail.message };
  }
}

describe('no unknown key passes', () => {
  it.each(Object.entries(SHAPES))('%s: the documented shape parses', (_type, body) => {
    expect(refusal(body)).toBeUndefined();
  });

  it.each(Object.entries(SHAPES))('%s: an unknown top-level key, context key or non-object context is refused by name', (_type, body) => {
    expect(refusal({ ...body, bogus: 1 })).toMatchObject({ pointer: '/bogus', message: expect.stringContaining('Unrecognized field "bogus"') });
    expect(refusal({ ...body, 'a/b': 1 })).toMatchObject({ pointer: '/a~1b' });
    expect(refusal({ ...body, context: { ...(body.context as object), grandTotal: true } })).toMatchObject({ pointer: '/context/grandTotal' });
    expect(refusal({ ...body, context: [] })).toMatchObject({ pointer: '/context' });
  });

  it('search specs and sort: an unknown property is refused at its pointer', () => {
    expect(refusal({ ...SHAPES.search, query: { type: 'fragment', values: ['a'], value: 'a' } })).toMatchObject({ pointer: '/query/value' });
    expect(refusal({ ...SHAPES.search, query: { type: 'regex', pattern: 'a', caseSensitive: true } })).toMatchObject({ pointer: '/query/caseSensitive' });
    expect(refusal({ ...SHAPES.search, sort: { type: 'lexicographic', order: 'desc' } })).toMatchObject({ pointer: '/sort/order' });
    expect(refusal({ ...SHAPES.search, query: { type: 'contains', value: 'a', caseSensitive: 'yes' } })).toMatchObject({ pointer: '/query/caseSensitive' });
  });

  it('the keys without effect are the documented ones', () => {
    expect([...CONTEXT_WITHOUT_EFFECT].sort()).toEqual([
      'enableParallelMerge', 'finalize', 'lane', 'minTopNThreshold', 'populateCache', 'populateResultLevelCache', 'priority', 'queryId',
      'useApproximateTopN', 'useCache', 'useResultLevelCache', 'vectorize', 'vectorizeVirtualColumns',
    ]);
  });
});
