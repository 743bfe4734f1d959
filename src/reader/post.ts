/**
 * What the reader computes after decoding: post-metrics the engine did not, having, ordering,
 * running totals and offset/limit per parent group, then the nesting of levels into a tree.
 */
import type { KeyValue, RowPredicate } from '../ir/nodes.js';
import type { LevelPlan, ReadPlan } from '../compiler/plan.js';
import type { ResultRow } from '../ir/result.js';
import { evaluate } from '../ir/evaluate.js';
import { cellOf, compareNatural, rowComparator } from './order.js';

export interface FinishedLevel {
  /** rows grouped by their parent's key tuple ('' for level 0), ordered and cut */
  readonly byParent: ReadonlyMap<string, ResultRow[]>;
  /** rows of level 0 before the cut (only meaningful for level 0) */
  readonly groupCount: number;
}

/** Key tuple of the parent level, as a map key. */
function parentKey(row: ResultRow, parentKeyNames: readonly string[]): string {
  return JSON.stringify(parentKeyNames.map((k) => row.keys[k] ?? null));
}

export function finishLevel(lp: LevelPlan, rows: ResultRow[]): FinishedLevel {
  const { level } = lp;
  // post-metrics in declaration order, so later ones may read earlier ones
  const exprs = level.post.filter((p) => p.kind === 'expr' && !(p.name in lp.enginePost));
  let computed = exprs.length === 0 ? rows : rows.map((r) => {
    const values = { ...r.values };
    for (const p of exprs) if (p.kind === 'expr') values[p.name] = evaluate(p.expr, r.count, values);
    return { ...r, values };
  });
  if (level.having) {
    const having = level.having;
    computed = computed.filter((r) => holds(having, r));
  }
  const ownKeys = new Set(level.keys.map((k) => k.name));
  const parentNames = lp.keys.map((k) => k.name).filter((n) => !ownKeys.has(n));
  const groups = new Map<string, ResultRow[]>();
  for (const r of computed) {
    const pk = parentKey(r, parentNames);
    const g = groups.get(pk);
    if (g) g.push(r);
    else groups.set(pk, [r]);
  }
  const compare = rowComparator(level.order);
  const running = level.post.flatMap((p) => (p.kind === 'runningTotal' && !(p.name in lp.enginePost) ? [{ name: p.name, of: p.of }] : []));
  let groupCount = 0;
  for (const [pk, g] of groups) {
    g.sort(compare);
    let cut = g;
    if (running.length > 0) cut = withRunningTotals(cut, running);
    groupCount += g.length;
    const end = level.limit === null ? undefined : level.offset + level.limit;
    groups.set(pk, cut.slice(level.offset, end));
  }
  if (parentNames.length === 0 && !groups.has('[]')) groups.set('[]', []);
  return { byParent: groups, groupCount };
}

/** g_n = f_0 + ... + f_n; a null f_i adds nothing; a map of parts (percentiles) sums per part. */
function withRunningTotals(rows: ResultRow[], running: { name: string; of: string }[]): ResultRow[] {
  const sums = new Map<string, number | Record<string, number>>();
  return rows.map((r) => {
    const values = { ...r.values };
    for (const { name, of } of running) {
      const v = cellOf(r, of);
      const prev = sums.get(name);
      let next: number | Record<string, number>;
      if (v !== null && typeof v === 'object') {
        const acc: Record<string, number> = typeof prev === 'object' ? { ...prev } : {};
        for (const [part, x] of Object.entries(v)) acc[part] = (acc[part] ?? 0) + (typeof x === 'number' ? x : 0);
        next = acc;
      } else next = (typeof prev === 'number' ? prev : 0) + (typeof v === 'number' ? v : 0);
      sums.set(name, next);
      values[name] = next;
    }
    return { ...r, values };
  });
}

function holds(p: RowPredicate, row: ResultRow): boolean {
  switch (p.kind) {
    case 'and':
      return p.operands.every((o) => holds(o, row));
    case 'or':
      return p.operands.some((o) => holds(o, row));
    case 'not':
      return !holds(p.operand, row);
    case 'compare': {
      const v = cellOf(row, p.column);
      // `eq null` asks whether the cell is null; any other comparison with a null is false
      if (p.value === null) return p.op === 'eq' && (v === null || v === undefined);
      if (v === null || v === undefined || typeof v === 'object') return false;
      const c = compareNatural(v as KeyValue, p.value);
      switch (p.op) {
        case 'eq':
          return c === 0;
        case 'gt':
          return c > 0;
        case 'lt':
          return c < 0;
        case 'gte':
          return c >= 0;
        case 'lte':
          return c <= 0;
      }
    }
  }
  return false;
}

/**
 * Attaches each level's rows to the surviving rows of the level above, deepest level first (a step
 * per level, so a caller can let the event loop through between them). A row of the last level has
 * no `children`; every other row has them, possibly empty.
 */
// Rows under a parent cut at its own level get their children too and are then never reached: at
// most one pass over rows finishLevel already walked.
export function* nest(levels: readonly FinishedLevel[], plan: ReadPlan): Generator<void, ResultRow[]> {
  let below: ReadonlyMap<string, ResultRow[]> | undefined;
  for (let depth = levels.length - 1; depth >= 0; depth--) {
    const level = levels[depth] as FinishedLevel;
    const children = below;
    if (children) {
      const names = (plan.levels[depth] as LevelPlan).keys.map((k) => k.name);
      const attached = new Map<string, ResultRow[]>();
      for (const [pk, rows] of level.byParent) attached.set(pk, rows.map((row) => ({ ...row, children: children.get(parentKey(row, names)) ?? [] })));
      below = attached;
    } else below = level.byParent;
    yield;
  }
  return below?.get('[]') ?? [];
}
