/**
 * A native query's `context`: every key is implemented, accepted on purpose without effect (the
 * README lists why), or a 400 naming it. Druid SQL shares the list of keys without effect.
 */
import { bool, fail, isObj, type Json } from './parse-common.js';

/**
 * Keys a Druid cluster reads for caching, scheduling, vectorizing, merging or finalizing: here there is
 * no cache, one lane, no vectorized engine, one merge, and values are always finalized; `queryId` is
 * the client's label (the proxy's request id is its own); `useApproximateTopN` and `minTopNThreshold`
 * tune an approximation this proxy does not make (its topN is exact).
 */
export const CONTEXT_WITHOUT_EFFECT: ReadonlySet<string> = new Set([
  'useCache', 'populateCache', 'useResultLevelCache', 'populateResultLevelCache', 'priority', 'lane', 'vectorize',
  'vectorizeVirtualColumns', 'enableParallelMerge', 'useApproximateTopN', 'minTopNThreshold', 'finalize', 'queryId',
]);

export interface NativeContext {
  readonly timeoutMs?: number;
  readonly sortByDimsFirst: boolean;
  readonly skipEmptyBuckets: boolean;
}

/** Node's timers hold at most 2^31 - 1 ms; a longer timeout would fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** The implemented keys of each query type: `timeout` everywhere, the others where Druid reads them. */
const OWN: Readonly<Record<'groupBy' | 'timeseries' | 'topN' | 'search', ReadonlySet<string>>> = {
  // sortByDimsFirst and skipEmptyBuckets stay accepted on every aggregating type (as before): a client
  // that sends one context to all of them is not refused, and the key is read where it means something
  groupBy: new Set(['timeout', 'sortByDimsFirst', 'skipEmptyBuckets']),
  timeseries: new Set(['timeout', 'sortByDimsFirst', 'skipEmptyBuckets']),
  topN: new Set(['timeout', 'sortByDimsFirst', 'skipEmptyBuckets']),
  search: new Set(['timeout']),
};

export function parseNativeContext(v: Json, type: keyof typeof OWN): NativeContext {
  if (v === undefined || v === null) return { sortByDimsFirst: false, skipEmptyBuckets: false };
  if (!isObj(v)) fail('context must be an object', '/context');
  for (const k of Object.keys(v)) {
    if (!OWN[type].has(k) && !CONTEXT_WITHOUT_EFFECT.has(k)) fail(`Unsupported context parameter [${k}] for a ${type} query`, `/context/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  }
  const t = v.timeout === undefined || v.timeout === null ? undefined : Number(v.timeout);
  if (t !== undefined && (!Number.isInteger(t) || t < 0)) fail('context.timeout must be a non-negative number of milliseconds', '/context/timeout');
  if (t !== undefined && t > MAX_TIMEOUT_MS) fail(`context.timeout must be at most ${MAX_TIMEOUT_MS} milliseconds`, '/context/timeout');
  return {
    ...(t ? { timeoutMs: t } : {}),
    sortByDimsFirst: bool(v.sortByDimsFirst, '/context/sortByDimsFirst', 'sortByDimsFirst'),
    skipEmptyBuckets: bool(v.skipEmptyBuckets, '/context/skipEmptyBuckets', 'skipEmptyBuckets'),
  };
}
