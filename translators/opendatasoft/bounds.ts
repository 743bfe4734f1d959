/**
 * The cost of an Opendatasoft aggregate request, computed from its tree before anything runs or
 * is allocated for it, each over-bound part refused with a 400 naming the limit (QueryTooComplex,
 * or TooManyGroups for limits.maxBuckets) at its path and character:
 *
 * - aggregations, and their group_by items and aggregates together: maxAggregations (raw counts,
 *   before any expression is parsed); so are the percents of one PERCENTILES() call;
 * - range() buckets, from the discretizer's arguments only (equi(N) is N ranges plus the two for
 *   values outside the boundaries): maxBuckets, so `equi(1e308)` never becomes an array;
 * - engine searches: the probe, then per aggregation one search per FIXED_COMBINATIONS_PER_SEARCH
 *   combinations of its range buckets (asked together in one `filters` aggregation): maxEngineSearches;
 * - expression nesting (the parser, syntax.ts) and virtual fields built on virtual fields: maxDepth;
 * - expression size: maxExpressionNodes, for a virtual field counted as expanded: the generated
 *   script computes a shared virtual field once (a local per shared node), but the IR's canonical
 *   form (the cache key) and explain still spell it out at every use (two fields each using the
 *   previous one twice double at each level);
 * - date() formats, the only user strings used as patterns: maxPatternLength.
 */
import type { ValueExpr } from '../../src/ir/nodes.js';
import { FIXED_COMBINATIONS_PER_SEARCH, type Limits } from '../../src/policy/limits.js';
import { within } from '../../src/policy/refuse.js';
import { pointer } from '../../src/errors/proxy-error.js';
import { ExpressionLimit, type Offset } from './syntax.js';
import type { AggValue, Discretizer, OdsRequest } from './types.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const size = (v: unknown): number => (Array.isArray(v) ? v.length : isObject(v) ? Object.keys(v).length : 0);

/** Counts of the raw body, before any expression is parsed. */
export function checkRequestShape(body: Record<string, unknown>, limits: Limits): void {
  const aggs = body.aggregations;
  if (!isObject(aggs)) return;
  const names = Object.keys(aggs);
  within('maxAggregations', limits.maxAggregations, names.length, 'Aggregations in one request', { pointer: pointer('aggregations') });
  let columns = 0;
  for (const name of names) {
    const a = aggs[name];
    if (!isObject(a)) continue;
    columns += size(a.group_by) + size(a.aggregates);
    within('maxAggregations', limits.maxAggregations, columns, 'Group_by items and aggregates in one request', { pointer: pointer('aggregations', name) });
  }
}

/** How many ranges a discretizer can make at most, from its arguments alone. */
export function rangeBucketBound(d: Discretizer): number {
  switch (d.kind) {
    case 'equi':
      // values below the lowest and above the highest boundary get a range each
      return d.count + 2;
    case 'static':
      return d.divisions.length + 1;
    case 'bands':
      return d.cuts.length + 1;
  }
}

export function checkRangeBuckets(d: Discretizer, limits: Limits, at: Offset): void {
  const n = rangeBucketBound(d);
  if (n > limits.maxBuckets) throw new ExpressionLimit(`Ranges of ${d.kind === 'bands' ? 'percentile bands' : `${d.kind}()`} (up to ${n})`, 'maxBuckets', limits.maxBuckets, at);
}

/** The probe (when a range() needs the data's bounds), then one search per chunk of range-bucket combinations. */
export function checkEngineSearches(req: OdsRequest, limits: Limits): void {
  const ranged = req.aggregations.some((a) => a.groups.some((g) => g.kind === 'range'));
  let searches = ranged ? 1 : 0;
  const most = limits.maxEngineSearches * FIXED_COMBINATIONS_PER_SEARCH;
  for (const a of req.aggregations) {
    let combinations = 1;
    let at = pointer('aggregations', a.name);
    for (const g of a.groups) {
      if (g.kind !== 'range') continue;
      combinations *= rangeBucketBound(g.discretizer);
      at = g.pointer;
      // stop multiplying once over: the refusal names the group that pushed it over
      if (combinations > most) break;
    }
    searches += Math.ceil(combinations / FIXED_COMBINATIONS_PER_SEARCH);
    within('maxEngineSearches', limits.maxEngineSearches, searches, `Engine searches (one per ${FIXED_COMBINATIONS_PER_SEARCH} range combinations of a range() group, plus one for the data bounds)`, { pointer: at });
  }
}

export interface ExpressionCost {
  /** nodes with every shared virtual field spelled out at each use */
  readonly nodes: number;
  readonly depth: number;
}

/**
 * Costs of virtual-field trees, memoized per node: a virtual field used by another is the same
 * object, so each is walked once, and the recursion only descends a field's own nodes (whose
 * depth the parser bounded).
 */
export class VirtualFieldCosts {
  private readonly memo = new WeakMap<ValueExpr, ExpressionCost>();

  constructor(private readonly limits: Limits) {}

  of(e: ValueExpr): ExpressionCost {
    const known = this.memo.get(e);
    if (known) return known;
    let cost: ExpressionCost;
    switch (e.kind) {
      case 'field':
      case 'const':
        cost = { nodes: 1, depth: 1 };
        break;
      case 'neg': {
        const o = this.of(e.operand);
        cost = { nodes: o.nodes + 1, depth: o.depth + 1 };
        break;
      }
      case 'binary': {
        const l = this.of(e.left);
        const r = this.of(e.right);
        cost = { nodes: l.nodes + r.nodes + 1, depth: Math.max(l.depth, r.depth) + 1 };
        break;
      }
    }
    this.memo.set(e, cost);
    return cost;
  }

  /** Throws when a virtual field, as it will be compiled, is over maxExpressionNodes or maxDepth. */
  check(e: ValueExpr): void {
    const { nodes, depth } = this.of(e);
    if (depth > this.limits.maxDepth) throw new ExpressionLimit('Virtual field nesting (virtual fields included)', 'maxDepth', this.limits.maxDepth, 0);
    if (nodes > this.limits.maxExpressionNodes) {
      throw new ExpressionLimit(`Virtual field size with the virtual fields it uses spelled out (${nodes} nodes)`, 'maxExpressionNodes', this.limits.maxExpressionNodes, 0);
    }
  }
}

/** Nodes of an aggregate expression (its depth is bounded by the parser). */
export function aggregateNodes(v: AggValue): number {
  switch (v.kind) {
    case 'const':
    case 'call':
      return 1;
    case 'neg':
      return 1 + aggregateNodes(v.operand);
    case 'binary':
      return 1 + aggregateNodes(v.left) + aggregateNodes(v.right);
  }
}
