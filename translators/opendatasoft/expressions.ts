/**
 * Virtual-field and aggregate expressions: the generic syntax tree checked against what each
 * context allows and against the dataset's fields, with errors at the offending character.
 */
import type { ValueExpr } from '../../src/ir/nodes.js';
import { findField, type DatasetSchema } from '../../src/ir/schema.js';
import type { Limits } from '../../src/policy/limits.js';
import { ExpressionError, ExpressionLimit, parseExpression, type SyntaxNode } from './syntax.js';
import { aggregateNodes } from './bounds.js';
import type { AggCall, AggFn, AggValue } from './types.js';

/** What a name in an expression refers to. */
export interface FieldTable {
  readonly schema: DatasetSchema;
  /** virtual fields defined so far, expanded over dataset fields */
  readonly virtual: ReadonlyMap<string, ValueExpr>;
  readonly limits: Limits;
}

/** The category of a field or virtual field, or undefined when the name is unknown. */
export function categoryOf(t: FieldTable, name: string): string | undefined {
  if (t.virtual.has(name)) return 'numeric';
  return findField(t.schema, name)?.category;
}

function typeName(t: FieldTable, name: string): string {
  const f = findField(t.schema, name);
  return f ? (f.category === 'keyword' || f.category === 'text' ? 'text' : f.type) : 'unknown';
}

/** A numeric field reference: a dataset number field or a virtual field. */
export function numericField(t: FieldTable, n: SyntaxNode, what: string): string {
  if (n.kind !== 'ident') throw new ExpressionError(`${what} expects a field name`, n.at);
  const c = categoryOf(t, n.name);
  if (c === undefined) throw new ExpressionError(`Unknown field: ${n.name}`, n.at);
  if (c !== 'numeric') throw new ExpressionError(`${what} expects a numeric field, '${n.name}' is ${typeName(t, n.name)}`, n.at);
  return n.name;
}

/**
 * A virtual field: arithmetic over numeric fields and numbers. `resolve` expands a reference to
 * another virtual field (and reports cycles), so the IR only ever names dataset fields.
 */
export function virtualField(text: string, t: FieldTable, resolve: (name: string, at: number) => ValueExpr | undefined): ValueExpr {
  const walk = (n: SyntaxNode): ValueExpr => {
    switch (n.kind) {
      case 'number':
        return { kind: 'const', value: n.value };
      case 'ident': {
        const v = resolve(n.name, n.at);
        if (v) return v;
        numericField(t, n, 'A virtual field');
        return { kind: 'field', field: n.name };
      }
      case 'neg':
        return { kind: 'neg', operand: walk(n.operand) };
      case 'binary':
        return { kind: 'binary', op: n.op, left: walk(n.left), right: walk(n.right) };
      case 'call':
        throw new ExpressionError(`functions are not allowed in a virtual field: ${n.name}()`, n.at);
      default:
        throw new ExpressionError('a virtual field is arithmetic over fields and numbers', n.at);
    }
  };
  return walk(parseExpression(text, t.limits.maxDepth));
}

const FUNCTIONS: ReadonlySet<string> = new Set<AggFn>(['SUM', 'AVG', 'MIN', 'MAX', 'COUNT', 'STDDEV', 'SUMSQUARES', 'PERCENTILES']);
/** PERCENTILES(field) without a list: every whole percent */
const ALL_PERCENTS = Array.from({ length: 101 }, (_, i) => i);

function aggCall(n: Extract<SyntaxNode, { kind: 'call' }>, t: FieldTable): AggCall {
  const fn = n.name.toUpperCase();
  if (!FUNCTIONS.has(fn)) throw new ExpressionError(`Unknown function: ${n.name}`, n.at);
  const named = n.args.find((a) => a.kind === 'named');
  if (named) throw new ExpressionError(`${fn}() takes no named arguments`, named.at);
  if (fn === 'COUNT') {
    if (n.args.length > 0) throw new ExpressionError('COUNT() takes no argument', (n.args[0] as SyntaxNode).at);
    return { fn: 'COUNT' };
  }
  const max = fn === 'PERCENTILES' ? 2 : 1;
  if (n.args.length === 0) throw new ExpressionError(`${fn}() expects a field`, n.at);
  if (n.args.length > max) throw new ExpressionError(`${fn}() takes ${max === 1 ? 'one argument' : 'at most two arguments'}`, (n.args[max] as SyntaxNode).at);
  const field = numericField(t, n.args[0] as SyntaxNode, `${fn}()`);
  if (fn !== 'PERCENTILES') return { fn: fn as AggFn, field };
  const list = n.args[1];
  if (!list) return { fn: 'PERCENTILES', field, percents: ALL_PERCENTS };
  if (list.kind !== 'list') throw new ExpressionError('PERCENTILES() expects a list of percents, e.g. [50, 99.9]', list.at);
  // each percent is one more value computed for every group (a map entry of the answer)
  if (list.items.length > t.limits.maxAggregations) throw new ExpressionLimit(`Percents of PERCENTILES() (${list.items.length})`, 'maxAggregations', t.limits.maxAggregations, list.at);
  const percents: number[] = [];
  for (const item of list.items) {
    if (item.kind !== 'number' || item.value < 0 || item.value > 100) throw new ExpressionError('a percent is a number between 0 and 100', item.at);
    if (!percents.includes(item.value)) percents.push(item.value);
  }
  if (percents.length === 0) throw new ExpressionError('PERCENTILES() expects at least one percent', list.at);
  return { fn: 'PERCENTILES', field, percents };
}

/** An aggregate: arithmetic over aggregate calls and numbers, optionally INCREMENTAL as a whole. */
export function aggregateExpression(text: string, t: FieldTable): { value: AggValue; incremental: boolean } {
  const walk = (n: SyntaxNode, top: boolean): AggValue => {
    switch (n.kind) {
      case 'number':
        return { kind: 'const', value: n.value };
      case 'call': {
        if (n.name.toUpperCase() === 'INCREMENTAL') {
          throw new ExpressionError(top ? 'INCREMENTAL() takes one aggregate' : 'INCREMENTAL() must enclose the whole aggregate', n.at);
        }
        return { kind: 'call', call: aggCall(n, t) };
      }
      case 'neg':
        return { kind: 'neg', operand: walk(n.operand, false) };
      case 'binary':
        return { kind: 'binary', op: n.op, left: walk(n.left, false), right: walk(n.right, false) };
      case 'ident':
        if (categoryOf(t, n.name) === undefined) throw new ExpressionError(`Unknown field: ${n.name}`, n.at);
        throw new ExpressionError(`field '${n.name}' must be inside an aggregate function such as SUM(${n.name})`, n.at);
      default:
        throw new ExpressionError('an aggregate is arithmetic over aggregate functions and numbers', n.at);
    }
  };
  const root = parseExpression(text, t.limits.maxDepth);
  let incremental = false;
  let body = root;
  if (root.kind === 'call' && root.name.toUpperCase() === 'INCREMENTAL') {
    if (root.args.length !== 1 || root.args[0]?.kind === 'named') throw new ExpressionError('INCREMENTAL() takes one aggregate', root.at);
    incremental = true;
    body = root.args[0] as SyntaxNode;
  }
  const value = walk(body, true);
  const nodes = aggregateNodes(value);
  if (nodes > t.limits.maxExpressionNodes) throw new ExpressionLimit(`Aggregate expression size (${nodes} nodes)`, 'maxExpressionNodes', t.limits.maxExpressionNodes, root.at);
  // a map of percentiles cannot take part in arithmetic
  if (value.kind !== 'call' && mentionsPercentiles(value)) {
    throw new ExpressionError('PERCENTILES() returns a map and cannot be used in arithmetic', firstPercentiles(body) ?? body.at);
  }
  return { value, incremental };
}

function mentionsPercentiles(v: AggValue): boolean {
  switch (v.kind) {
    case 'call':
      return v.call.fn === 'PERCENTILES';
    case 'neg':
      return mentionsPercentiles(v.operand);
    case 'binary':
      return mentionsPercentiles(v.left) || mentionsPercentiles(v.right);
    case 'const':
      return false;
  }
}

function firstPercentiles(n: SyntaxNode): number | undefined {
  if (n.kind === 'call' && n.name.toUpperCase() === 'PERCENTILES') return n.at;
  if (n.kind === 'neg') return firstPercentiles(n.operand);
  if (n.kind === 'binary') return firstPercentiles(n.left) ?? firstPercentiles(n.right);
  return undefined;
}
