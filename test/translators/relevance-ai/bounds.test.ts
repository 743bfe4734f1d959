/** Relevance AI cost bounds, decided on the raw body (no engine): each refusal names its limit and part. */
import { describe, expect, it } from 'vitest';
import { parseAggregate, parseCluster } from '../../../translators/relevance-ai/schema.js';
import { datasetOf } from '../../../translators/relevance-ai/bounds.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';

function refusal(run: () => unknown): { kind: string; limit?: string; pointer?: string } {
  try {
    run();
  } catch (e) {
    if (!(e instanceof ProxyError)) throw e;
    const d = e.detail as { kind: string; limit?: string; at?: { pointer?: string } };
    return { kind: d.kind, ...(d.limit ? { limit: d.limit } : {}), ...(d.at?.pointer !== undefined ? { pointer: d.at.pointer } : {}) };
  }
  throw new Error('accepted');
}

const AQ = (groupby: unknown[] = [], metrics: unknown[] = [], extra: object = {}) => ({ aggregation_query: { groupby, metrics, ...extra } });
const g = (i: number) => ({ name: `g${i}`, field: 'propertyDetails.area', agg: 'category' });
const ranges = (n: number) => ({ name: 'r', field: 'priceDetails.price', agg: 'numeric', buckets: Array.from({ length: n }, (_, i) => ({ from: i, to: i + 1 })) });
const filter = (filter_type: string, condition_value: unknown) => ({ filters: [{ field: 'title', filter_type, condition: '==', condition_value }] });

describe('relevance-ai bounds', () => {
  it('10,000 groupby entries are refused before anything is built', () => {
    const body = AQ(Array.from({ length: 10_000 }, (_, i) => g(i)), [], { sort: ['frequency'] });
    expect(refusal(() => parseAggregate(body))).toMatchObject({ kind: 'limit', limit: 'limits.maxAggregations', pointer: '/aggregation_query/groupby/1000' });
  });

  it('5,000-deep bodies answer maxDepth', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = [deep];
    for (const body of [{ ...AQ(), ...filter('terms', deep) }, AQ([], [deep]), (() => { let o: object = {}; for (let i = 0; i < 5000; i++) o = { groupby: [o] }; return { aggregation_query: o }; })()]) {
      expect(refusal(() => parseAggregate(body))).toMatchObject({ kind: 'limit', limit: 'limits.maxDepth' });
    }
  });

  it.each([
    ['metrics', AQ([], Array.from({ length: 1001 }, (_, i) => ({ name: `m${i}`, field: 'priceDetails.price', agg: 'avg' }))), 'maxAggregations', '/aggregation_query/metrics/1000'],
    ['nested groupby levels', AQ(Array.from({ length: 65 }, (_, i) => g(i))), 'maxDepth', '/aggregation_query/groupby/64'],
    ['range buckets', AQ([ranges(600_000)], [], { sort: ['frequency'] }), 'maxBuckets', '/aggregation_query/groupby/0/buckets/500000'],
    ['range combinations', AQ([ranges(1000), { ...ranges(1000), name: 's' }]), 'maxBuckets', '/aggregation_query/groupby/1/buckets'],
    ['filters', { ...AQ(), filters: Array.from({ length: 10_000 }, () => filter('exact_match', 'a').filters[0]) }, 'maxClauses', '/filters/1024'],
    ['terms list', { ...AQ(), ...filter('terms', Array.from({ length: 100_000 }, (_, i) => `v${i}`)) }, 'maxTerms', '/filters/0/condition_value/10000'],
    ['ids list', { ...AQ(), ...filter('ids', Array.from({ length: 100_000 }, (_, i) => `v${i}`)) }, 'maxTerms', '/filters/0/condition_value/10000'],
    ['contains string', { ...AQ(), ...filter('contains', 'a'.repeat(1_000_000)) }, 'maxPatternLength', '/filters/0/condition_value'],
    ['regexp string', { ...AQ(), ...filter('regexp', 'a'.repeat(50_000)) }, 'maxPatternLength', '/filters/0/condition_value'],
    ['a long term in a list', { ...AQ(), ...filter('terms', ['a', 'b'.repeat(1001)]) }, 'maxPatternLength', '/filters/0/condition_value/1'],
  ])('%s', (_n, body, limit, pointer) => {
    expect(refusal(() => parseAggregate(body))).toMatchObject({ kind: 'limit', limit: `limits.${limit}`, pointer });
  });

  it('cluster_ids over maxTerms; a second vector field is refused, not ignored', () => {
    const cluster = { ...AQ(), vector_fields: ['v_vector_'] };
    expect(refusal(() => parseCluster({ ...cluster, cluster_ids: Array.from({ length: 10_001 }, (_, i) => i) }))).toMatchObject({ limit: 'limits.maxTerms', pointer: '/cluster_ids/10000' });
    expect(refusal(() => parseCluster({ ...cluster, vector_fields: ['a_vector_', 'b_vector_'] }))).toMatchObject({ kind: 'unsupported', pointer: '/vector_fields/1' });
  });

  it('metric `fields` on a single-field agg is refused, not ignored', () => {
    expect(refusal(() => parseAggregate(AQ([], [{ name: 'm', field: 'x', fields: ['y'], agg: 'avg' }])))).toMatchObject({ kind: 'unsupported', pointer: '/aggregation_query/metrics/0/fields' });
  });

  it('accepts ordinary requests', () => {
    expect(() => parseAggregate(AQ([g(0), ranges(100)], [{ name: 'm', field: 'x', agg: 'avg' }], { sort: ['frequency'] }))).not.toThrow();
    expect(() => parseAggregate({ ...AQ(Array.from({ length: 10 }, (_, i) => g(i))), ...filter('terms', ['a', 'b']) })).not.toThrow();
  });
});

describe('relevance-ai dataset ids', () => {
  it('one dataset per request: a second dataset_ids entry is refused at /dataset_ids/1', () => {
    expect(datasetOf({ dataset_ids: ['listings'] })).toBe('listings');
    expect(datasetOf({ dataset_id: 'listings' })).toBe('listings');
    expect(refusal(() => datasetOf({ dataset_ids: ['listings', 'other'] }))).toMatchObject({ kind: 'unsupported', pointer: '/dataset_ids/1' });
    expect(refusal(() => datasetOf({ dataset_id: 'listings', dataset_ids: ['other'] }))).toMatchObject({ pointer: '/dataset_ids/0' });
  });
  it('on the path routes a body naming another dataset is refused', () => {
    expect(datasetOf({ dataset_id: 'listings' }, 'listings')).toBe('listings');
    expect(datasetOf({}, 'listings')).toBe('listings');
    expect(refusal(() => datasetOf({ dataset_ids: ['listings', 'other'] }, 'listings'))).toMatchObject({ kind: 'invalid_query', pointer: '/dataset_ids/1' });
  });
});
