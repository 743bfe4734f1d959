/**
 * Druid native lowering reports every independent problem of a query, once each, with its JSON
 * Pointer (no engine): dimensions, aggregators, post-aggregators, filter, having, limitSpec, virtual
 * columns and subtotal sets each on their own; a query with one problem answers exactly as before.
 */
import { describe, expect, it } from 'vitest';
import { schemaFromMapping } from '../../../src/ir/schema.js';
import { buildConfig } from '../../../src/catalog/config.js';
import { Catalog } from '../../../src/catalog/catalog.js';
import { ANONYMOUS } from '../../../src/auth/access.js';
import { ProxyError, type ErrorDetail } from '../../../src/errors/proxy-error.js';
import { parseQuery } from '../../../translators/druid/parse.js';
import { parseSearch } from '../../../translators/druid/search.js';
import { lowerNative } from '../../../translators/druid/subtotals.js';
import { lowerSearch } from '../../../translators/druid/search-lower.js';
import { renderDruidError } from '../../../translators/druid/errors.js';
import { mapping, testingOptions } from './fixtures.js';

const schema = schemaFromMapping('testing', mapping.properties);
const config = buildConfig({ datasets: { testing: { index: 'testing', ...testingOptions } } });
const dataset = new Catalog(config).resolve('testing', ANONYMOUS);
const base = { queryType: 'groupBy', dataSource: 'testing', intervals: ['2011-01-01/2011-05-01'], granularity: 'all' };

/** The error lowering `q` throws (parsing must pass). */
function refusal(q: object): ErrorDetail {
  const query = parseQuery({ ...base, ...q });
  try {
    lowerNative({ dataset, schema }, query, config);
  } catch (e) {
    if (e instanceof ProxyError) return e.detail;
    throw e;
  }
  throw new Error('lowered without a problem');
}

const pointers = (d: ErrorDetail): (string | undefined)[] => (d.kind === 'invalid_request' ? (d.diagnostics ?? [d]).map((x) => x.at.pointer) : ['at' in d ? d.at.pointer : undefined]);

describe('druid native lowering collects', () => {
  it('a groupBy with three independent problems answers 400 with all three, each at its pointer', () => {
    const d = refusal({
      dimensions: ['market', { type: 'extraction', dimension: 'quality', outputName: 'q', extractionFn: { type: 'bucket', size: 10 } }],
      aggregations: [{ type: 'count', name: 'rows' }, { type: 'doubleSum', name: 's', fieldName: 'nope' }],
      limitSpec: { type: 'default', columns: ['nowhere'] },
    });
    expect(pointers(d)).toEqual(['/dimensions/1/dimension', '/aggregations/1/fieldName', '/limitSpec/columns/0']);
    const r = renderDruidError(d) as { status: number; body: Record<string, string> };
    expect(r.status).toBe(400);
    expect(Object.keys(r.body).sort()).toEqual(['error', 'errorClass', 'errorMessage', 'host']);
    expect(r.body.errorMessage).toBe(
      '3 problems: Unsupported: the bucket extraction function on the non-numeric column [quality] (at /dimensions/1/dimension); ' +
        "Field 'nope' does not exist in dataset 'testing' (at /aggregations/1/fieldName); " +
        'Cannot find column [nowhere] to order by (at /limitSpec/columns/0)',
    );
    // the first problem names the error and class, as it would alone
    expect(r.body).toMatchObject({ error: 'Unsupported operation', errorClass: 'java.lang.UnsupportedOperationException' });
  });

  it('collects across virtual columns, the filter, post-aggregators and the having', () => {
    const d = refusal({
      virtualColumns: [{ type: 'expression', name: 'v', expression: 'index * 2', outputType: 'FLOAT' }],
      dimensions: ['market'],
      filter: { type: 'bound', dimension: 'quality', lower: '1', ordering: 'numeric' },
      aggregations: [{ type: 'count', name: 'rows' }],
      postAggregations: [{ type: 'fieldAccess', name: 'x', fieldName: 'nope' }],
      having: { type: 'greaterThan', aggregation: 'nothing', value: 1 },
    });
    expect(pointers(d)).toEqual(['/virtualColumns/0/outputType', '/postAggregations/0/fieldName', '/filter/ordering', '/having/aggregation']);
  });

  it('what reads a failed part is not reported again', () => {
    const d = refusal({
      virtualColumns: [{ type: 'expression', name: 'v', expression: 'index * 2', outputType: 'FLOAT' }, { type: 'expression', name: 'w', expression: 'v + 1' }],
      // the dimension and the aggregator read failed virtual columns; the post-aggregator, the
      // having and the ordering read the failed aggregator's name
      dimensions: ['v'],
      aggregations: [{ type: 'doubleSum', name: 's', fieldName: 'w' }, { type: 'longSum', name: 'bad', fieldName: 'nope' }],
      postAggregations: [{ type: 'fieldAccess', name: 'p', fieldName: 'bad' }],
      having: { type: 'greaterThan', aggregation: 'bad', value: 1 },
      limitSpec: { type: 'default', columns: ['p', 'bad'] },
    });
    expect(pointers(d)).toEqual(['/virtualColumns/0/outputType', '/aggregations/1/fieldName']);
  });

  it('a problem the subtotal sets share is reported once; each set is checked', () => {
    const d = refusal({
      dimensions: ['market', 'quality'],
      aggregations: [{ type: 'doubleSum', name: 's', fieldName: 'nope' }],
      having: { type: 'dimSelector', dimension: 'quality', value: 'news' },
      subtotalsSpec: [['market'], ['quality'], []],
    });
    // the aggregator once; the having reads `quality`, which two sets leave out: once as well
    expect(pointers(d)).toEqual(['/aggregations/0/fieldName', '/having/dimension']);
    // alone, the problem two sets share answers as the one error it is
    const alone = refusal({ dimensions: ['market', 'quality'], having: { type: 'dimSelector', dimension: 'quality', value: 'news' }, subtotalsSpec: [['market'], ['quality'], []] });
    expect(renderDruidError(alone)).toEqual({
      status: 400,
      body: { error: 'Unknown exception', errorMessage: 'having refers to unknown column [quality] (at /having/dimension)', errorClass: 'java.lang.IllegalArgumentException', host: null },
    });
  });

  it('a search query collects its filter, spec and dimensions', () => {
    const search = parseSearch({
      queryType: 'search', dataSource: 'testing', intervals: ['2011-01-01/2011-05-01'], granularity: 'all',
      searchDimensions: [{ type: 'extraction', dimension: 'quality', outputName: 'q', extractionFn: { type: 'bucket', size: 10 } }],
      filter: { type: 'bound', dimension: 'quality', lower: '1', ordering: 'numeric' },
      query: { type: 'regex', pattern: '(' },
    });
    let d: ErrorDetail | undefined;
    try {
      lowerSearch({ dataset, schema }, search, config);
    } catch (e) {
      d = (e as ProxyError).detail;
    }
    expect(pointers(d as ErrorDetail)).toEqual(['/filter/ordering', '/query/pattern', '/searchDimensions/0/dimension']);
  });

  it('one problem answers as before: its own error, not a list', () => {
    const unknown = refusal({ dimensions: ['market'], aggregations: [{ type: 'doubleSum', name: 's', fieldName: 'nope' }] });
    expect(unknown).toMatchObject({ kind: 'unknown_field', field: 'nope', at: { pointer: '/aggregations/0/fieldName' } });
    expect(renderDruidError(unknown).body).toEqual({
      error: 'Unknown exception', errorMessage: "Field 'nope' does not exist in dataset 'testing' (at /aggregations/0/fieldName)", errorClass: 'java.lang.IllegalArgumentException', host: null,
    });
    const order = refusal({ dimensions: ['market'], limitSpec: { type: 'default', columns: ['nope'] } });
    expect(order).toMatchObject({ kind: 'invalid_query', at: { pointer: '/limitSpec/columns/0' } });
    const bound = refusal({ filter: { type: 'bound', dimension: 'quality', lower: '1', ordering: 'numeric' } });
    expect(bound.kind).toBe('unsupported');
    expect(renderDruidError(bound).body).toMatchObject({ error: 'Unsupported operation', errorClass: 'java.lang.UnsupportedOperationException' });
  });
});
