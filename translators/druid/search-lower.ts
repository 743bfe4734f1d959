/**
 * A `search` query → one groupBy per search dimension (time bucket × the dimension's values, with the
 * row count), lowered as every groupBy is; then each value is matched against the search spec here
 * and the hits of all dimensions are merged per time bucket, sorted and cut at `limit`.
 *
 * Why the match is done here as well as in the engine: the engine filters documents, and a document
 * of a multi-value column (`placementish: ["a", "preferred"]`) brings all its values, matching or not.
 * Substring specs also filter documents in the engine (fewer buckets to read); a `regex` does not:
 * Lucene's syntax is not Java's (`\d` is a literal `d` there), so it runs only here, on RE2 (re2js),
 * whose matching time is linear in the value: no pattern can make it backtrack.
 */
import { RE2JS } from 're2js';
import type { AppConfig } from '../../src/catalog/config.js';
import type { ResultTable } from '../../src/ir/result.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { Dimension, Filter, GroupByQuery, Ordering } from './types.js';
import { column, computed, type DruidContext } from './columns.js';
import { withVirtualColumns } from './virtual.js';
import { lowerDimension, lowerQuery, TIME } from './lower.js';
import { filterToPredicate } from './filters.js';
import { loweringCollector } from './collect.js';
import { formatGroupBy } from './format.js';
import { checkDruidQuery } from './bounds.js';
import { dataSourceSummary } from './metadata.js';
import type { NativeLowering } from './subtotals.js';
import type { SearchQuery, SearchSpec } from './search.js';

const COUNT = '__search_count';
const inner = (i: number): string => `__search_dim_${i}`;

export interface SearchHit {
  readonly dimension: string;
  readonly value: string;
  readonly count: number;
}

/** The value test of a spec, as Druid's SearchQuerySpec.accept: null never matches. */
export function matcher(spec: SearchSpec): (value: string | null) => boolean {
  if (spec.type === 'regex') {
    let re: RE2JS;
    try {
      re = RE2JS.compile(spec.pattern);
    } catch (e) {
      throw new ProxyError({ kind: 'invalid_query', message: `Invalid regex pattern: ${e instanceof Error ? e.message : String(e)}`, at: { pointer: `${spec.at}/pattern` } });
    }
    // Java's Matcher.find(): anywhere in the value
    return (v) => v !== null && re.matcher(v).find();
  }
  const parts = spec.caseSensitive ? spec.values : spec.values.map((p) => p.toLowerCase());
  return (v) => {
    if (v === null) return false;
    const s = spec.caseSensitive ? v : v.toLowerCase();
    return parts.every((p) => s.includes(p));
  };
}

/** The engine-side document filter of a spec on a string column (substrings only, see above). */
function documentFilter(spec: SearchSpec, dim: Dimension): Filter | undefined {
  if (spec.type === 'regex' || spec.values.every((v) => v === '')) return undefined;
  // `at` '' makes the bounds and the engine's errors point at /query/...
  return { type: 'search', dimension: dim.dimension, values: spec.values, caseSensitive: spec.caseSensitive, at: '' };
}

export function lowerSearch(base: DruidContext, q: SearchQuery, config: AppConfig): NativeLowering {
  // the shared parts once, then each search dimension on its own: every problem at once (collect.ts)
  const c = loweringCollector();
  const ctx = withVirtualColumns(base, q.virtualColumns, c);
  if (q.filter) c.attempt(() => filterToPredicate(ctx, q.filter as Filter));
  const accept = c.attempt(() => matcher(q.spec));
  const dims: readonly Dimension[] = q.searchDimensions ?? dataSourceSummary(base).dimensions.map((n) => ({ dimension: n, outputName: n, outputType: 'STRING' as const, at: '/searchDimensions' }));
  const groupings = c.each(dims, (dim, i) => {
    const isString = !computed(ctx, dim.dimension) && !ctx.timeParts?.has(dim.dimension) && column(ctx, dim.dimension, `${dim.at}`)?.category === 'keyword';
    const own = isString ? documentFilter(q.spec, dim) : undefined;
    const filter: Filter | undefined = q.filter && own ? { type: 'and', fields: [q.filter, own] } : (q.filter ?? own);
    // an internal output name: the search's own may be `__time` or the count's name (Druid allows both)
    const inside: Dimension = { ...dim, outputName: inner(i) };
    lowerDimension(ctx, inside);
    const g: GroupByQuery = {
      queryType: 'groupBy',
      dataSource: q.dataSource,
      virtualColumns: q.virtualColumns,
      intervals: q.intervals,
      granularity: q.granularity,
      ...(filter ? { filter } : {}),
      aggregations: [{ type: 'count', name: COUNT, at: '/query' }],
      postAggregations: [],
      context: q.context,
      dimensions: [inside],
      limitSpec: { limit: null, offset: 0, columns: [] },
    };
    checkDruidQuery(g, config.limits);
    return g;
  });
  c.throwIfAny();
  // each grouping's parts were checked above: what is left to refuse here is not collected
  const plans = groupings.map((g) => lowerQuery(base, g, config));
  const matches = accept as (value: string | null) => boolean;
  return {
    queries: plans.map((p) => p.ir),
    format: (tables) => {
      // bucket start → its hits; buckets in time order
      const buckets = new Map<number, { timestamp: string; hits: SearchHit[] }>();
      plans.forEach((plan, i) => {
        const table = tables[i] as ResultTable;
        const dim = dims[i] as Dimension;
        const rows = formatGroupBy(plan, table) as { timestamp: string; event: Record<string, unknown> }[];
        rows.forEach((r, j) => {
          const raw = r.event[inner(i)];
          const value = raw === null || raw === undefined ? null : String(raw);
          if (!matches(value)) return;
          const t = q.granularity.kind === 'all' ? 0 : Number(table.rows[j]?.keys[TIME]);
          const b = buckets.get(t) ?? { timestamp: r.timestamp, hits: [] };
          b.hits.push({ dimension: dim.outputName, value: value as string, count: Number(r.event[COUNT]) });
          buckets.set(t, b);
        });
      });
      const order = hitOrder(q.sort);
      return [...buckets.entries()]
        .sort(([a], [b]) => a - b)
        .map(([, b]) => ({ timestamp: b.timestamp, result: b.hits.sort(order).slice(0, q.limit) }));
    },
  };
}

/** Code-point order (Druid's lexicographic compares UTF-8 bytes: the same order). */
function lexicographic(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Druid's numeric comparator: numbers by value first, then the other strings lexicographically. */
function numeric(a: string, b: string): number {
  const na = NUMBER.test(a.trim());
  const nb = NUMBER.test(b.trim());
  if (na && nb) return Number(a) - Number(b) || lexicographic(a, b);
  if (na !== nb) return na ? -1 : 1;
  return lexicographic(a, b);
}

/** Druid's alphanumeric comparator: runs of digits compare as numbers, the rest as text. */
function alphanumeric(a: string, b: string): number {
  const chunks = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const x = chunks(a);
  const y = chunks(b);
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const p = x[i] as string;
    const r = y[i] as string;
    const digits = /^\d/.test(p) && /^\d/.test(r);
    const d = digits ? Number(p) - Number(r) || p.length - r.length : lexicographic(p, r);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

const VALUE_ORDER: Record<Ordering, (a: string, b: string) => number> = {
  lexicographic,
  numeric,
  alphanumeric,
  strlen: (a, b) => [...a].length - [...b].length || lexicographic(a, b),
};

/** Druid's SearchSortSpec: the values in the ordering, then the dimension names. */
export function hitOrder(sort: Ordering): (a: SearchHit, b: SearchHit) => number {
  const byValue = VALUE_ORDER[sort];
  return (a, b) => byValue(a.value, b.value) || lexicographic(a.dimension, b.dimension);
}
