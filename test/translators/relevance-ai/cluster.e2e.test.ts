/** Relevance AI cluster aggregate, cache and explain, end to end. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { agg, compareKeys, expectClose, groupBy, numbersAt, valuesAt, type Doc, type Value } from '../../helpers/reference.js';
import { engineFlavour, engineHas } from '../../helpers/engine.js';
import { relevanceReference } from './reference.js';

const docs = JSON.parse(readFileSync(new URL('../../../fixtures/relevance/listings.json', import.meta.url), 'utf8')) as Doc[];
const mapping = JSON.parse(readFileSync(new URL('../../../fixtures/relevance/mapping.json', import.meta.url), 'utf8')) as object;
const at = (path: string) => (d: Doc): Value[] => valuesAt(d, path);
const LABEL = '_cluster_.title_vector_.default';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy([{ dataset: 'listings', mapping, docs }]);
});
afterAll(async () => proxy?.close());

function clustersByCount(subset: Doc[]): [Value, Doc[]][] {
  return [...groupBy(subset, at(LABEL))].sort(([ka, a], [kb, b]) => b.length - a.length || compareKeys(ka, kb));
}

describe('relevance-ai cluster aggregate', () => {
  const query = {
    groupby: [{ name: 'location', field: 'propertyDetails.area', agg: 'category' }],
    metrics: [{ name: 'avg_price', field: 'priceDetails.price', agg: 'avg' }],
  };

  it('aggregates inside each cluster, with count and percentage per cluster', async () => {
    const res = await proxy.post('/latest/datasets/listings/cluster/aggregate', { vector_fields: ['title_vector_'], aggregation_query: query, page_size: 3 });
    expect(res.status).toBe(200);
    const clusters = clustersByCount(docs);
    const results: Record<string, unknown> = {};
    const info: Record<string, unknown> = {};
    for (const [label, members] of clusters) {
      results[String(label)] = relevanceReference(members, {
        groups: [{ name: 'location', key: at('propertyDetails.area') }],
        metrics: { avg_price: (ds) => agg.avg(numbersAt(ds, 'priceDetails.price')) },
        pageSize: 3,
      });
      info[String(label)] = { count: members.length, percentage: Math.round((10000 * members.length) / docs.length) / 100 };
    }
    expectClose(res.body, { results, info });
    expect(Object.keys(res.body.results)).toEqual(clusters.map(([l]) => String(l)));
  });

  it('restricts clusters by id and size, and pages through them', async () => {
    const clusters = clustersByCount(docs);
    const smallest = clusters[clusters.length - 1] as [Value, Doc[]];
    const res = await proxy.post('/latest/datasets/listings/cluster/aggregate', {
      vector_fields: ['title_vector_'],
      aggregation_query: { groupby: [], metrics: [] },
      cluster_properties_filter: { minimum_cluster_size: smallest[1].length + 1, cluster_page: 2, cluster_page_size: 1 },
    });
    const second = clusters[1] as [Value, Doc[]];
    expect(Object.keys(res.body.results)).toEqual([String(second[0])]);
    expect(res.body.results[String(second[0])]).toEqual([{ frequency: second[1].length }]);

    const only = await proxy.post('/latest/datasets/listings/cluster/aggregate', {
      vector_fields: ['title_vector_'],
      cluster_ids: ['cluster-1'],
      aggregation_query: { groupby: [], metrics: [] },
    });
    const n = docs.filter((d) => valuesAt(d, LABEL)[0] === 'cluster-1').length;
    expect(only.body).toEqual({ results: { 'cluster-1': [{ frequency: n }] }, info: { 'cluster-1': { count: n, percentage: 100 } } });
  });
});

describe('cache and explain', () => {
  const body = { aggregation_query: { groupby: [{ name: 'b', field: 'propertyDetails.bedrooms', agg: 'numeric' }], metrics: [] } };

  it('serves identical questions from the cache, across routes, unless bypassed', async () => {
    proxy.app.cache.clear();
    const first = await proxy.post('/latest/datasets/listings/aggregate', body);
    const again = await proxy.post('/latest/datasets/listings/aggregate', { ...body, filters: [] });
    const otherRoute = await proxy.post('/v1/services/aggregate/aggregate', { ...body, dataset_id: 'listings' });
    const bypass = await proxy.post('/latest/datasets/listings/aggregate', body, { 'x-aggproxy-cache': 'bypass' });
    expect(first.headers.get('x-aggproxy-cache')).toBe('miss');
    expect(again.headers.get('x-aggproxy-cache')).toBe('hit');
    expect(otherRoute.headers.get('x-aggproxy-cache')).toBe('hit');
    expect(bypass.headers.get('x-aggproxy-cache')).toBe('bypass');
    // the very same bytes again: answered from the serialized-response memo
    const same = await proxy.post('/latest/datasets/listings/aggregate', body);
    expect(same.headers.get('x-aggproxy-cache')).toBe('hit');
    expect(same.body).toEqual(first.body);
    expect(again.body).toEqual(first.body);
    expect(bypass.body).toEqual(first.body);
  });

  it('explains instead of running: IR, engine requests, read plan and approximation notes', async () => {
    const res = await proxy.post('/latest/datasets/listings/aggregate?explain=true', {
      aggregation_query: { groupby: [{ name: 'b', field: 'propertyDetails.bedrooms', agg: 'numeric' }], metrics: [{ name: 'c', field: 'propertyDetails.area', agg: 'cardinality' }] },
    });
    expect(res.status).toBe(200);
    const q = res.body.explain.queries[0];
    expect(q.ir.kind).toBe('AggQuery');
    expect(q.irHash).toMatch(/^[0-9a-f]{64}$/);
    expect(q.requests[0].body.aggs.groups.composite.sources).toEqual([{ k0: { terms: { field: 'propertyDetails.bedrooms', missing_bucket: false } } }]);
    expect(q.notes.join(' ')).toMatch(/cardinality is approximate/);
    expect(res.body.explain.engine).toMatchObject({ flavour: engineFlavour(), scripts: engineHas('scripts') });
  });
});
