/**
 * The `expression` filter → three-valued IR predicates, for the boolean shapes the engine answers
 * natively: `&&`, `||`, `!`, a column compared with a literal (`==`, `!=`, `<`, `<=`, `>`, `>=`,
 * either side), `isnull` / `notnull` of a column. Anything else (arithmetic in a comparison, two
 * columns compared, other functions) is a 400 naming it and its position.
 */
import type { Predicate } from '../../src/ir/nodes.js';
import type { Scalar } from '../../src/ir/predicate.js';
import { comparison, join, negate, not, type Truth } from '../../src/ir/three-valued.js';
import type { DruidExpr } from './expr-parse.js';
import { exprError } from './expr-parse.js';
import { column, type DruidContext } from './columns.js';

const NONE: Predicate = { kind: 'none' };
const UNKNOWN: Truth = { yes: NONE, no: NONE };
const FLIP = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' } as const;
type Cmp = keyof typeof FLIP;

export function expressionTruth(ctx: DruidContext, e: DruidExpr, pointer: string, text: string): Truth {
  const go = (x: DruidExpr): Truth => expressionTruth(ctx, x, pointer, text);
  const refuse = (what: string, at: number): never => {
    throw exprError(`${what} is not supported in an expression filter yet`, pointer, text, at);
  };
  if (e.kind === 'binary' && (e.op === '&&' || e.op === '||')) return join(e.op === '&&' ? 'AND' : 'OR', [go(e.left), go(e.right)]);
  if (e.kind === 'unary' && e.op === '!') return not(go(e.operand));
  if (e.kind === 'call' && (e.fn === 'isnull' || e.fn === 'notnull') && e.args.length === 1 && e.args[0]?.kind === 'identifier') {
    const col = column(ctx, e.args[0].name, pointer);
    const exists: Truth = col ? { yes: { kind: 'exists', field: col.path }, no: negate({ kind: 'exists', field: col.path }) } : { yes: NONE, no: { kind: 'all' } };
    return e.fn === 'notnull' ? exists : not(exists);
  }
  if (e.kind === 'binary' && e.op in FLIP) {
    const [id, lit, op] = e.left.kind === 'identifier' ? [e.left, e.right, e.op as Cmp] : [e.right, e.left, FLIP[e.op as Cmp]];
    if (id.kind !== 'identifier') return refuse('A comparison without a column on one side', e.at);
    if (lit.kind === 'null') return UNKNOWN;
    if (lit.kind !== 'string' && lit.kind !== 'long' && lit.kind !== 'double') return refuse('A comparison of a column with something other than a literal', lit.at);
    const col = column(ctx, id.name, pointer);
    if (!col) return UNKNOWN;
    const numericCol = col.category === 'numeric' || col.category === 'date';
    if (numericCol !== (lit.kind !== 'string')) refuse(`Comparing the ${numericCol ? 'numeric' : 'string'} column [${id.name}] with a ${lit.kind} literal (a cast)`, e.at);
    const v: Scalar = lit.value;
    const origin = pointer;
    switch (op) {
      case '==':
        return comparison({ kind: 'term', field: col.path, value: v, origin }, col.path);
      case '!=':
        return not(comparison({ kind: 'term', field: col.path, value: v, origin }, col.path));
      default: {
        const bound = op === '<' ? 'lt' : op === '<=' ? 'lte' : op === '>' ? 'gt' : 'gte';
        return comparison({ kind: 'range', field: col.path, [bound]: v, origin }, col.path);
      }
    }
  }
  if (e.kind === 'call') return refuse(`Function [${e.fn}]`, e.at);
  return refuse(e.kind === 'binary' || e.kind === 'unary' ? `Operator [${e.op}]` : 'A non-boolean value', e.at);
}
