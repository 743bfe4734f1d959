/**
 * Every group of a one-level query, streamed for exports: a table per composite page, read and
 * handed on before the next page is asked for, so memory holds one page whatever the number of
 * groups. Only when the page-by-page answer is the whole answer in pieces: one composite scan,
 * rows in the composite's own order (its keys ascending, nulls first, which is the IR's `natural`
 * order), no cut and no running total over rows. Anything else is one whole table (bounded by the
 * bucket budget as every query). The bucket budget and composite pages hold across the pages.
 */
import type { AggQuery, GroupLevel } from '../ir/nodes.js';
import type { ResultTable } from '../ir/result.js';
import type { CompiledQuery } from '../compiler/plan.js';
import type { EngineClient } from '../backend/engine-client.js';
import type { Limits } from '../policy/limits.js';
import { read } from '../reader/read.js';
import { compositePages, type Budget } from '../executor/strategies.js';
import { Deadline } from '../backend/deadline.js';

/** Key kinds whose composite source orders like `natural` ascending with nulls first. */
const ORDERED_KEYS = new Set(['terms', 'histogram', 'dateHistogram']);

export function streamable(q: AggQuery, c: CompiledQuery): boolean {
  const level: GroupLevel | undefined = q.levels[0];
  if (q.levels.length !== 1 || !level || level.offset !== 0 || level.limit !== null) return false;
  if (level.post.some((p) => p.kind === 'runningTotal')) return false;
  if (!level.keys.every((k) => ORDERED_KEYS.has(k.kind))) return false;
  const inKeyOrder = level.order.every((o, i) => o.column === level.keys[i]?.name && o.direction === 'asc' && o.compare === 'natural' && o.part === undefined);
  // nulls last (Opendatasoft): the composite gives the null group first; with one key it is one row,
  // held back to the end (groupPages); with several, nulls of inner keys would need reordering inside
  // every block, so such a query is one table
  if (level.order.some((o) => o.nulls === 'last') && level.keys.length !== 1) return false;
  return inKeyOrder && c.scans.length === 1 && c.scans[0]?.kind === 'composite';
}

/** The key whose null group comes last in a streamed one-key query, if its order says so. */
export function heldNullKey(q: AggQuery): string | undefined {
  const level = q.levels[0];
  return level?.order.some((o) => o.nulls === 'last') ? level.keys[0]?.name : undefined;
}

/** `holdNull`: the key whose null row is held back and sent after every other group (heldNullKey). */
export async function* groupPages(c: CompiledQuery, engine: EngineClient, limits: Limits, pageTimeoutMs: number, signal: AbortSignal | undefined, holdNull?: string): AsyncGenerator<ResultTable> {
  const spec = c.scans[0];
  if (!spec) return;
  let held: ResultTable | undefined;
  const budget: Budget = { left: limits.maxBuckets, max: limits.maxBuckets, pages: 0, maxPages: limits.maxCompositePages };
  const deadline = (): Deadline => Deadline.in(pageTimeoutMs, signal);
  let total = 0;
  for await (const page of compositePages(spec, { index: c.index, engine, deadline: deadline(), budget }, undefined, deadline)) {
    if (page.first) total = page.total;
    // the last (empty) page carries nothing: the consumer already has every group
    if (page.buckets.length === 0 && !page.first) break;
    const table = read(c.plan, [{ kind: 'rows', level: spec.level, fixed: {}, total, buckets: page.buckets }], c.notes);
    if (holdNull === undefined) {
      yield table;
      continue;
    }
    const isNull = (r: ResultTable['rows'][number]): boolean => r.keys[holdNull] === null || r.keys[holdNull] === undefined;
    const nulls = table.rows.filter(isNull);
    if (nulls.length > 0) held = { ...table, rows: nulls };
    yield nulls.length > 0 ? { ...table, rows: table.rows.filter((r) => !isNull(r)) } : table;
  }
  if (held) yield held;
}
