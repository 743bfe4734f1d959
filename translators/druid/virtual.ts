/**
 * A query's `expression` virtual columns → the context its columns are read through. A column that
 * only names another column is an alias (usable everywhere the column is); a computed one becomes a
 * per-document IR virtual field (usable as a dimension or an aggregator's fieldName). What the IR
 * cannot compute exactly (a LONG or FLOAT cast per row, a STRING output of numbers) is a 400 naming it.
 */
import type { ValueExpr } from '../../src/ir/nodes.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { VirtualColumn } from './types.js';
import type { Collector } from '../../src/errors/collector.js';
import { column, type ComputedColumn, type DruidContext } from './columns.js';
import { exprType, toValueExpr, type ExprType } from './expr-lower.js';
import { timePartOf, type TimePartColumn } from './time-parts.js';

function unsupported(feature: string, at: string): never {
  throw new ProxyError({ kind: 'unsupported', feature, at: { pointer: at } });
}

/**
 * Each column is lowered on its own: one that fails is reported in `c` and marked failed in the
 * context, so that what reads it is skipped rather than reported again (collect.ts).
 */
export function withVirtualColumns(ctx: DruidContext, columns: readonly VirtualColumn[], c: Collector): DruidContext {
  if (columns.length === 0) return ctx;
  const virtual = new Map<string, string | ComputedColumn>();
  const timeParts = new Map<string, TimePartColumn>();
  const failed = new Set<string>();
  const current = (): DruidContext => ({ ...ctx, virtual, timeParts, ...(failed.size > 0 ? { failed } : {}) });
  const one = (v: VirtualColumn): true => {
    if (virtual.has(v.name) || timeParts.has(v.name) || failed.has(v.name) || v.name === '__time') throw new ProxyError({ kind: 'invalid_query', message: `Duplicate virtual column name [${v.name}]`, at: { pointer: `${v.at}/name` } });
    const at = `${v.at}/expression`;
    const part = timePartOf(v.tree, (n) => n === '__time' || virtual.get(n) === '__time', at);
    if (part) {
      if (v.outputType !== undefined && v.outputType !== 'LONG') unsupported(`outputType ${v.outputType} on a timestamp_extract column`, `${v.at}/outputType`);
      timeParts.set(v.name, part);
      return true;
    }
    if (v.tree.kind === 'identifier') {
      const target = virtual.get(v.tree.name) ?? v.tree.name;
      if (typeof target === 'string') {
        const f = column(current(), target, at);
        const natural = f === undefined ? undefined : f.category === 'numeric' ? (f.integral ? 'LONG' : 'DOUBLE') : f.category === 'keyword' || f.category === 'text' ? 'STRING' : undefined;
        if (v.outputType !== undefined && natural !== undefined && v.outputType !== natural && !(natural === 'DOUBLE' && v.outputType === 'FLOAT' && f?.type === 'float')) {
          unsupported(`outputType ${v.outputType} on the ${natural} column [${target}] (a per-row cast)`, `${v.at}/outputType`);
        }
      }
      virtual.set(v.name, target);
      return true;
    }
    const numeric = (name: string): { expr: ValueExpr; type: ExprType } | undefined => {
      const known = virtual.get(name);
      if (typeof known === 'object') return { expr: known.expr, type: known.type };
      const f = column(current(), known ?? name, at);
      return f?.category === 'numeric' ? { expr: { kind: 'field', field: f.path }, type: f.integral ? 'long' : 'double' } : undefined;
    };
    const expr = toValueExpr(v.tree, { numeric }, at, v.expression);
    const inferred = exprType(v.tree, (n) => numeric(n)?.type) === 'long' ? 'long' : 'double';
    const out = v.outputType;
    if (out === 'STRING') unsupported('outputType STRING on a computed numeric virtual column', `${v.at}/outputType`);
    if (out === 'FLOAT') unsupported('outputType FLOAT on a computed virtual column (a per-row float cast)', `${v.at}/outputType`);
    if (out === 'LONG' && inferred !== 'long') unsupported('outputType LONG on a computed double expression (a per-row cast)', `${v.at}/outputType`);
    virtual.set(v.name, { expr, type: out === 'DOUBLE' ? 'double' : inferred, at: v.at });
    return true;
  };
  for (const v of columns) {
    // a duplicate name leaves the first column of that name in place
    if (c.attempt(() => one(v)) === undefined && v.name !== '__time' && !virtual.has(v.name) && !timeParts.has(v.name)) failed.add(v.name);
  }
  return current();
}

/** The computed virtual columns among `names`, as the IR's virtual fields (only those used, for the cache key). */
export function usedVirtualFields(ctx: DruidContext, names: Iterable<string>): Record<string, ValueExpr> | undefined {
  const out: Record<string, ValueExpr> = {};
  for (const n of names) {
    const v = ctx.virtual?.get(n);
    if (typeof v === 'object') out[n] = v.expr;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
