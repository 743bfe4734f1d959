/**
 * Cost bounds of a Druid native query, decided from the request before anything runs: nesting depth
 * of the raw body (checked before the recursive parse), then on the parsed query: pattern and term
 * lengths, list sizes, clause counts, output counts, post-aggregator size after sharing and the
 * length of the zero-filled timeseries. Each refusal names its limit and points at the offending part.
 */
import type { Limits } from '../../src/policy/limits.js';
import { limitError, within } from '../../src/policy/refuse.js';
import type { DruidQuery, Filter, Granularity, Having, Interval, PostAggregator } from './types.js';
import { seriesLengthBound } from './time.js';
import { tooDeepAt } from '../../src/policy/value-depth.js';

/** Before parsing: the body's nesting (filters, having specs, post-aggregators all nest as objects). */
export function checkDruidBody(body: unknown, limits: Limits): void {
  const at = tooDeepAt(body, limits.maxDepth);
  if (at !== undefined) throw limitError('maxDepth', limits.maxDepth, 'nesting depth', { pointer: at });
}

export function checkDruidQuery(q: DruidQuery, limits: Limits): void {
  const count = (n: number, what: string, at: string) => within('maxAggregations', limits.maxAggregations, n, `${n} ${what}`, { pointer: `${at}/${limits.maxAggregations}` });
  count(q.aggregations.length, 'aggregations', '/aggregations');
  count(q.postAggregations.length, 'postAggregations', '/postAggregations');
  if (q.queryType === 'groupBy') count(q.dimensions.length, 'dimensions', '/dimensions');
  intervals(q.intervals, '/intervals', limits);
  if (q.filter) filter(q.filter, '/filter', limits);
  for (const a of q.aggregations) if (a.type === 'filtered') aggregatorFilters(a, limits);
  if (q.queryType === 'groupBy' && q.having) having(q.having, '/having', limits);
  postAggregatorNodes(q.postAggregations, limits);
  // timeseries zero-fills every bucket of the intervals: its length is known before anything runs
  // (groupBy and topN answer only buckets with rows, bounded by limits.maxBuckets as they are read)
  if (q.queryType === 'timeseries' && !q.context.skipEmptyBuckets) series(q.granularity, q.intervals, limits);
}

function intervals(ivs: readonly Interval[], at: string, limits: Limits): void {
  // each interval is one range clause of one boolean query
  within('maxClauses', limits.maxClauses, ivs.length, `${ivs.length} intervals`, { pointer: `${at}/${limits.maxClauses}` });
}

function series(g: Granularity, ivs: readonly Interval[], limits: Limits): void {
  let n = 0;
  for (const iv of ivs) n += seriesLengthBound(g, iv);
  within('maxBuckets', limits.maxBuckets, n, `a series of up to ${n} time buckets (intervals ÷ granularity)`, { pointer: '/granularity' });
}

function pattern(s: string, what: string, at: string, limits: Limits): void {
  within('maxPatternLength', limits.maxPatternLength, s.length, `a ${what} of ${s.length} characters`, { pointer: at });
}

function aggregatorFilters(a: Extract<DruidQuery['aggregations'][number], { type: 'filtered' }>, limits: Limits): void {
  filter(a.filter, `${a.at}/filter`, limits);
  if (a.aggregator.type === 'filtered') aggregatorFilters(a.aggregator, limits);
}

/** Depth is already bounded (checkDruidBody), so these walks recurse at most limits.maxDepth deep. */
function filter(f: Filter, at: string, limits: Limits): void {
  switch (f.type) {
    case 'true':
    case 'false':
      return;
    case 'and':
    case 'or':
      within('maxClauses', limits.maxClauses, f.fields.length, `an ${f.type} of ${f.fields.length} filters`, { pointer: `${at}/fields/${limits.maxClauses}` });
      f.fields.forEach((x, i) => filter(x, `${at}/fields/${i}`, limits));
      return;
    case 'not':
      filter(f.field, `${at}/field`, limits);
      return;
    case 'selector':
      if (f.value !== null) pattern(f.value, 'value', `${f.at}/value`, limits);
      return;
    case 'in': {
      within('maxTerms', limits.maxTerms, f.values.length, `an in filter of ${f.values.length} values`, { pointer: `${f.at}/values/${limits.maxTerms}` });
      const long = f.values.findIndex((v) => v !== null && v.length > limits.maxPatternLength);
      if (long >= 0) pattern(f.values[long] as string, 'value', `${f.at}/values/${long}`, limits);
      return;
    }
    case 'bound':
      return;
    case 'expression':
      pattern(f.expression, 'expression', `${f.at}/expression`, limits);
      return;
    case 'regex':
    case 'like':
      pattern(f.pattern, `${f.type} pattern`, `${f.at}/pattern`, limits);
      return;
    case 'search': {
      const values = f.values.length === 1 ? `${f.at}/query/value` : `${f.at}/query/values`;
      // each fragment is one substring clause
      within('maxClauses', limits.maxClauses, f.values.length, `a search of ${f.values.length} fragments`, { pointer: `${values}/${limits.maxClauses}` });
      f.values.forEach((v, i) => pattern(v, 'search value', f.values.length === 1 ? values : `${values}/${i}`, limits));
      return;
    }
    case 'interval':
      intervals(f.intervals, `${f.at}/intervals`, limits);
  }
}

function having(h: Having, at: string, limits: Limits): void {
  switch (h.type) {
    case 'and':
    case 'or':
      within('maxClauses', limits.maxClauses, h.havingSpecs.length, `an ${h.type} of ${h.havingSpecs.length} having specs`, { pointer: `${at}/havingSpecs/${limits.maxClauses}` });
      h.havingSpecs.forEach((x, i) => having(x, `${at}/havingSpecs/${i}`, limits));
      return;
    case 'not':
      having(h.havingSpec, `${at}/havingSpec`, limits);
      return;
    case 'filter':
      filter(h.filter, `${h.at}/filter`, limits);
      return;
    default:
  }
}

/**
 * The post-aggregators' size after sharing: a post-aggregator read by name (`fieldAccess`) is one
 * node however often it is read, so the measure is the sum of the trees as written: a chain where
 * each level reads the previous one twice stays linear here (and is evaluated once per row).
 */
function postAggregatorNodes(posts: readonly PostAggregator[], limits: Limits): void {
  let nodes = 0;
  for (const p of posts) {
    const stack: PostAggregator[] = [p];
    while (stack.length > 0) {
      const x = stack.pop() as PostAggregator;
      nodes += 1;
      if (nodes > limits.maxExpressionNodes) {
        throw limitError('maxExpressionNodes', limits.maxExpressionNodes, 'post-aggregator expressions', { pointer: x.at });
      }
      if ('fields' in x) stack.push(...x.fields);
    }
  }
}
