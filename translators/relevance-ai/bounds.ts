/**
 * Cost bounds of a Relevance AI request, decided on the raw body before it is validated, copied or
 * lowered (10,000 groupby entries used to exhaust the heap while being built): nesting depth,
 * groupby / metric / sort counts, groupby levels, range buckets and the scans they multiply into,
 * filter counts, string lengths and list sizes. Lists where only one entry can be served
 * (`dataset_ids`, `vector_fields`) refuse a second one instead of ignoring it.
 */
import { ProxyError, pointer } from '../../src/errors/proxy-error.js';
import type { Limits } from '../../src/policy/limits.js';
import { limitError, within } from '../../src/policy/refuse.js';
import { METRIC_AGGS } from './types.js';
import { tooDeepAt } from '../../src/policy/value-depth.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const listAt = (o: Obj, key: string): unknown[] => (Array.isArray(o[key]) ? (o[key] as unknown[]) : []);

export function checkRelevanceBody(body: unknown, limits: Limits): void {
  const deep = tooDeepAt(body, limits.maxDepth);
  if (deep !== undefined) throw limitError('maxDepth', limits.maxDepth, 'nesting depth', { pointer: deep });
  if (!isObj(body)) return;
  const aq = isObj(body.aggregation_query) ? body.aggregation_query : {};
  const groupby = listAt(aq, 'groupby');
  const sorted = listAt(aq, 'sort').length > 0;
  const count = (key: string, n: number) =>
    within('maxAggregations', limits.maxAggregations, n, `${n} ${key} entries`, { pointer: pointer('aggregation_query', key, limits.maxAggregations) });
  count('groupby', groupby.length);
  count('metrics', listAt(aq, 'metrics').length);
  count('sort', listAt(aq, 'sort').length);
  // without `sort` each groupby nests inside the one before it
  if (!sorted) {
    within('maxDepth', limits.maxDepth, groupby.length, `${groupby.length} nested groupby levels`, { pointer: pointer('aggregation_query', 'groupby', limits.maxDepth) });
  }
  rangeScans(groupby, sorted, limits);
  listAt(aq, 'metrics').forEach((m, i) => {
    // `fields` serves only the multi-field aggs (covariance, correlation), which are refused by name
    if (isObj(m) && (METRIC_AGGS as readonly unknown[]).includes(m.agg) && listAt(m, 'fields').length > 0) {
      throw new ProxyError({ kind: 'unsupported', feature: `'fields' on a metric of agg '${String(m.agg)}' (use 'field')`, at: { pointer: pointer('aggregation_query', 'metrics', i, 'fields') } });
    }
  });
  filters(listAt(body, 'filters'), limits);
  const ids = listAt(body, 'cluster_ids');
  within('maxTerms', limits.maxTerms, ids.length, `${ids.length} cluster_ids`, { pointer: pointer('cluster_ids', limits.maxTerms) });
  // the cluster label lives under one vector field: a second would be ignored
  if (listAt(body, 'vector_fields').length > 1) {
    throw new ProxyError({ kind: 'unsupported', feature: 'more than one entry in vector_fields', at: { pointer: '/vector_fields/1' } });
  }
}

/** Each range bucket is one engine search, and nested range groupbys multiply. */
function rangeScans(groupby: unknown[], sorted: boolean, limits: Limits): void {
  let product = 1;
  let scans = 0;
  groupby.forEach((g, i) => {
    const buckets = isObj(g) && Array.isArray(g.buckets) ? g.buckets : undefined;
    if (buckets) {
      const at = pointer('aggregation_query', 'groupby', i, 'buckets');
      within('maxBuckets', limits.maxBuckets, buckets.length, `${buckets.length} range buckets`, { pointer: `${at}/${limits.maxBuckets}` });
      product *= buckets.length;
      within('maxBuckets', limits.maxBuckets, product, `${product} range-bucket combinations`, { pointer: at });
    }
    if (!sorted) scans += product;
    const n = sorted ? product : scans;
    within('maxBuckets', limits.maxBuckets, n, `${n} range scans`, { pointer: pointer('aggregation_query', 'groupby', i) });
  });
}

/**
 * Every filter, nested ones (`or`, `not` of the object form) included, counts towards maxClauses;
 * every string becomes a term, a pattern, a regex or match text; every list a terms query.
 */
function filters(list: unknown[], limits: Limits): void {
  let count = 0;
  const text = (v: unknown, p: string) => {
    if (typeof v === 'string') within('maxPatternLength', limits.maxPatternLength, v.length, `a filter value of ${v.length} characters`, { pointer: p });
  };
  const value = (v: unknown, at: string) => {
    if (!Array.isArray(v)) return text(v, at);
    within('maxTerms', limits.maxTerms, v.length, `${v.length} filter values`, { pointer: `${at}/${limits.maxTerms}` });
    v.forEach((x, j) => text(x, `${at}/${j}`));
  };
  const walk = (f: unknown, at: string): void => {
    if (Array.isArray(f)) return f.forEach((x, j) => walk(x, `${at}/${j}`));
    if (!isObj(f)) return;
    count += 1;
    within('maxClauses', limits.maxClauses, count, `${count} filters`, { pointer: at });
    value(f.condition_value, `${at}/condition_value`);
    for (const [key, body] of Object.entries(f)) {
      if (key === 'or' || key === 'not') walk(body, `${at}/${key}`);
      else if (isObj(body)) for (const [k, v] of Object.entries(body)) value(v, `${at}/${key}/${k}`);
    }
  };
  within('maxClauses', limits.maxClauses, list.length, `${list.length} filters`, { pointer: pointer('filters', limits.maxClauses) });
  list.forEach((f, i) => walk(f, pointer('filters', i)));
}

/**
 * The dataset a request reads. The `/services/...` routes name it in the body: `dataset_id` (SDKs up
 * to 0.33) or `dataset_ids` (1.0 on), where only one dataset can be answered (one index, one
 * schema), so a second id is refused. The `/datasets/{id}/...` routes take it from the path: an id
 * in the body naming another dataset is refused rather than ignored.
 */
export function datasetOf(body: unknown, pathId?: string): string {
  const b = isObj(body) ? body : {};
  const ids = Array.isArray(b.dataset_ids) ? b.dataset_ids : [];
  if (pathId !== undefined) {
    const named: [unknown, string][] = [[b.dataset_id, '/dataset_id'], ...ids.map((x, i): [unknown, string] => [x, `/dataset_ids/${i}`])];
    for (const [id, at] of named) {
      if (id !== undefined && id !== pathId) {
        throw new ProxyError({ kind: 'invalid_query', message: `the body names dataset ${JSON.stringify(id)} but the path names '${pathId}'`, at: { pointer: at } });
      }
    }
    return pathId;
  }
  if (ids.length > 1) {
    throw new ProxyError({ kind: 'unsupported', feature: 'more than one dataset in dataset_ids (one request reads one dataset)', at: { pointer: '/dataset_ids/1' } });
  }
  if (typeof b.dataset_id === 'string' && ids.length > 0 && ids[0] !== b.dataset_id) {
    throw new ProxyError({ kind: 'invalid_query', message: `dataset_id '${b.dataset_id}' and dataset_ids name different datasets`, at: { pointer: '/dataset_ids/0' } });
  }
  const id = typeof b.dataset_id === 'string' ? b.dataset_id : ids[0];
  if (typeof id !== 'string' || id === '') {
    throw new ProxyError({ kind: 'invalid_request', message: 'field required', at: { pointer: '/dataset_id' }, rule: 'value_error.missing' });
  }
  return id;
}
