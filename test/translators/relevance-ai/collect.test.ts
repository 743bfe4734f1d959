/**
 * Every independent problem of one Relevance AI request is reported, once each, with its `loc`
 * (no engine): the first one's answer as it would be alone, every one in a FastAPI-style `detail`.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { schemaFromMapping } from '../../../src/ir/schema.js';
import { buildConfig } from '../../../src/catalog/config.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';
import type { RenderedError } from '../../../src/dialect/contract.js';
import { parseAggregate, parseCluster, parseFacets, parseSearch } from '../../../translators/relevance-ai/schema.js';
import { lowerAggregate } from '../../../translators/relevance-ai/lower.js';
import { lowerCluster } from '../../../translators/relevance-ai/cluster.js';
import { lowerSearch } from '../../../translators/relevance-ai/search.js';
import { lowerFacets } from '../../../translators/relevance-ai/facets.js';
import { renderRelevanceError } from '../../../translators/relevance-ai/errors.js';

const mapping = JSON.parse(readFileSync(new URL('../../../fixtures/relevance/mapping.json', import.meta.url), 'utf8')) as { properties: Parameters<typeof schemaFromMapping>[1] };
const schema = schemaFromMapping('listings', mapping.properties);
const config = buildConfig({ datasets: {} });

function answer(run: () => unknown): RenderedError {
  try {
    run();
  } catch (e) {
    if (e instanceof ProxyError) return renderRelevanceError(e.detail);
    throw e;
  }
  throw new Error('no error');
}
const aggregate = (body: unknown) => answer(() => lowerAggregate({ req: parseAggregate(body), dataset: 'listings', schema, config }));
const search = (body: unknown) => answer(() => lowerSearch(parseSearch(body), 'listings', schema, config.limits));
const detail = (r: RenderedError) => (r.body as { detail: { loc: (string | number)[]; msg: string; type: string }[] }).detail;

const agg = (q: Record<string, unknown>, filters: unknown[] = []) => ({ aggregation_query: { groupby: [], metrics: [], ...q }, filters });
const badFilter = { field: 'priceDetails.price', filter_type: 'numeric', condition: '>', condition_value: 'cheap' };

describe('relevance-ai error collection: aggregate', () => {
  it('a request with three problems gets three errors, each at its loc', () => {
    const r = aggregate(agg(
      { groupby: [{ name: 'g', field: 'nope', agg: 'category' }, { name: 'area', field: 'propertyDetails.area', agg: 'category' }], metrics: [{ name: 'm', field: 'title', agg: 'avg' }] },
      [{ field: 'title', filter_type: 'contains', condition: '==', condition_value: 'a' }, badFilter],
    ));
    expect(r.status).toBe(400);
    expect(detail(r)).toEqual([
      { loc: ['body', 'aggregation_query', 'groupby', 0, 'field'], msg: "Field 'nope' does not exist in dataset 'listings'", type: 'unknown_field' },
      { loc: ['body', 'aggregation_query', 'metrics', 0, 'field'], msg: "Field 'title' is text; a numeric field is required", type: 'field_type' },
      { loc: ['body', 'filters', 1, 'condition_value'], msg: 'condition_value must be a number for a numeric filter', type: 'invalid_query' },
    ]);
    // the first one leads, as it would answer alone
    expect(r.body).toMatchObject({ message: "Field 'nope' does not exist in dataset 'listings'", loc: ['body', 'aggregation_query', 'groupby', 0, 'field'] });
  });

  it('one problem answers as before: its own 400, no list', () => {
    expect(aggregate(agg({ metrics: [{ name: 'm', field: 'title', agg: 'avg' }] }))).toEqual({
      status: 400,
      body: { message: "Field 'title' is text; a numeric field is required", loc: ['body', 'aggregation_query', 'metrics', 0, 'field'] },
    });
    expect(aggregate(agg({}, [badFilter]))).toEqual({
      status: 400,
      body: { message: 'condition_value must be a number for a numeric filter', loc: ['body', 'filters', 0, 'condition_value'] },
    });
  });

  it('a sort naming a failed groupby adds nothing; duplicate names and an unknown sort name are each reported', () => {
    const failed = aggregate(agg({ groupby: [{ name: 'g', field: 'nope', agg: 'category' }], sort: ['g'] }));
    expect(failed.body).toEqual({ message: "Field 'nope' does not exist in dataset 'listings'", loc: ['body', 'aggregation_query', 'groupby', 0, 'field'] });
    const r = aggregate(agg({
      groupby: [{ name: 'a', field: 'features', agg: 'category' }, { name: 'frequency', field: 'features', agg: 'category' }],
      metrics: [{ name: 'a', field: 'priceDetails.price', agg: 'sum' }],
      sort: ['a', 'x'],
    }));
    expect(detail(r).map((d) => d.loc.slice(1).join('/'))).toEqual(['aggregation_query/groupby/1/name', 'aggregation_query/metrics/0/name', 'aggregation_query/sort/1']);
  });

  it('every filter item and every key of an object filter is reported, nested ones too', () => {
    const r = aggregate(agg({}, [
      badFilter,
      { match: { field: 'nope', value: 1 }, range: { field: 'priceDetails.price' } },
      { or: [{ wildcard: { field: 'title', value: [] } }, [{ match: { field: 'listingDate', value: 'soon' } }]] },
    ]));
    expect(detail(r).map((d) => d.loc.slice(1).join('/'))).toEqual([
      'filters/0/condition_value',
      'filters/1/match/field',
      'filters/1/range',
      'filters/2/or/0/wildcard/value',
      'filters/2/or/1/0/match/value',
    ]);
  });

  it('a problem found in lowering that is a schema rule leads with its 422', () => {
    const r = aggregate(agg({ metrics: [{ name: 'm', agg: 'avg' }] }, [badFilter]));
    expect(r.status).toBe(422);
    expect(detail(r)).toEqual([
      { loc: ['body', 'aggregation_query', 'metrics', 0, 'field'], msg: 'field required', type: 'value_error.missing' },
      { loc: ['body', 'filters', 0, 'condition_value'], msg: 'condition_value must be a number for a numeric filter', type: 'invalid_query' },
    ]);
  });

  it('schema violations keep their 422 list', () => {
    const r = answer(() => parseAggregate({ aggregation_query: { groupby: [{ name: 'g' }], metrics: 'x' } }));
    expect(r).toEqual({
      status: 422,
      body: {
        detail: [
          { loc: ['body', 'aggregation_query', 'groupby', 0, 'field'], msg: 'field required', type: 'value_error.missing' },
          { loc: ['body', 'aggregation_query', 'groupby', 0, 'agg'], msg: 'field required', type: 'value_error.missing' },
          { loc: ['body', 'aggregation_query', 'metrics'], msg: 'must be array', type: 'type_error.array' },
        ],
      },
    });
  });

  it('the cluster route collects its filters with the aggregation', () => {
    const body = { vector_fields: ['title_vector_'], alias: 'default', ...agg({ groupby: [{ name: 'g', field: 'nope', agg: 'category' }] }, [badFilter]) };
    const r = answer(() => lowerCluster(parseCluster(body), 'listings', schema, config));
    expect(detail(r).map((d) => d.loc.slice(1).join('/'))).toEqual(['aggregation_query/groupby/0/field', 'filters/0/condition_value']);
  });
});

describe('relevance-ai error collection: simple_search and facets', () => {
  it('a search with several problems gets each, at its loc', () => {
    const r = search({
      query: 'x',
      fieldsToSearch: ['priceDetails.price'],
      filters: [badFilter],
      sort: { nope: 'asc' },
      fieldsToAggregate: ['features', 'missing'],
      fieldsToAggregateStats: ['title'],
    });
    expect(r.status).toBe(400);
    expect(detail(r).map((d) => [d.loc.slice(1).join('/'), d.type])).toEqual([
      ['fieldsToSearch/0', 'invalid_query'],
      ['filters/0/condition_value', 'invalid_query'],
      ['sort/nope', 'unknown_field'],
      ['fieldsToAggregate/1', 'unknown_field'],
      ['fieldsToAggregateStats/0', 'field_type'],
    ]);
  });

  it('one search problem answers as before', () => {
    expect(search({ fieldsToAggregateStats: ['title'] })).toEqual({
      status: 400,
      body: { message: "Field 'title' is text; a numeric field is required", loc: ['body', 'fieldsToAggregateStats', 0] },
    });
  });

  it('facets report every bad field', () => {
    const r = answer(() => lowerFacets(parseFacets({ fields: ['nope', 'features', 'propertyDetails'] }), 'listings', schema));
    expect(detail(r).map((d) => d.loc.slice(1).join('/'))).toEqual(['fields/0', 'fields/2']);
  });
});
