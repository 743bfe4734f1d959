/**
 * Druid expression trees → IR expressions: bucket-level (post-aggregators: `Expr`, a params-only
 * bucket_script or the reader) and per-document (virtual columns: `ValueExpr`, a params-only
 * script). Only what the IR expresses with Druid's exact semantics is lowered; any other function
 * or operator is a 400 naming it and its position, never an approximate answer.
 */
import type { Expr, ValueExpr } from '../../src/ir/nodes.js';
import type { DruidExpr } from './expr-parse.js';
import { exprError } from './expr-parse.js';

/** Druid's built-in functions (math-expr docs): a name outside this list is unknown, not unsupported. */
const DRUID_FUNCTIONS = new Set([
  'abs', 'acos', 'asin', 'atan', 'atan2', 'bitwiseAnd', 'bitwiseComplement', 'bitwiseOr', 'bitwiseShiftLeft', 'bitwiseShiftRight',
  'bitwiseXor', 'cbrt', 'ceil', 'copysign', 'cos', 'cosh', 'cot', 'div', 'exp', 'expm1', 'floor', 'getExponent', 'hypot', 'log',
  'log10', 'log1p', 'max', 'min', 'nextafter', 'nextUp', 'pi', 'pow', 'remainder', 'rint', 'round', 'scalb', 'signum', 'sin',
  'sinh', 'sqrt', 'tan', 'tanh', 'todegrees', 'toradians', 'ulp', 'safe_divide', 'greatest', 'least',
  'cast', 'if', 'nvl', 'like', 'case_searched', 'case_simple', 'bloom_filter_test', 'isnull', 'notnull', 'isfalse', 'istrue',
  'notfalse', 'nottrue', 'concat', 'format', 'strlen', 'strpos', 'substring', 'right', 'left', 'replace', 'lower', 'upper',
  'reverse', 'repeat', 'lpad', 'rpad', 'trim', 'ltrim', 'rtrim', 'regexp_extract', 'regexp_like', 'regexp_replace',
  'contains_string', 'icontains_string', 'timestamp', 'unix_timestamp', 'timestamp_ceil', 'timestamp_floor', 'timestamp_shift',
  'timestamp_extract', 'timestamp_parse', 'timestamp_format', 'array', 'array_length', 'array_offset', 'array_ordinal',
  'array_contains', 'array_overlap', 'array_offset_of', 'array_ordinal_of', 'array_prepend', 'array_append', 'array_concat',
  'array_slice', 'array_to_string', 'string_to_array', 'array_set_add', 'array_set_add_all', 'map', 'cartesian_map', 'filter',
  'fold', 'cartesian_fold', 'any', 'all', 'human_readable_binary_byte_format', 'human_readable_decimal_byte_format',
  'human_readable_decimal_format', 'ipv4_match', 'ipv4_parse', 'ipv4_stringify', 'json_value', 'json_query', 'json_object',
  'parse_json', 'to_json_string', 'lookup', 'mv_to_array', 'array_to_mv', 'isnull', 'nullif', 'coalesce',
]);

export type ExprType = 'long' | 'double' | 'string';

/** One-argument math the IR's post-aggregation calls compute with Druid's semantics (see src/ir/expr.ts). */
const UNARY_MATH = new Set(['abs', 'ceil', 'floor', 'round', 'sqrt']);

function unsupportedNode(e: DruidExpr, what: string, pointer: string, text: string): never {
  if (e.kind === 'call' && !DRUID_FUNCTIONS.has(e.fn)) throw exprError(`Function [${e.fn}] is not a known Druid function`, pointer, text, e.at);
  throw exprError(`${what} is not supported here yet`, pointer, text, e.at);
}

function describeNode(e: DruidExpr): string {
  switch (e.kind) {
    case 'call':
      return `Function [${e.fn}]`;
    case 'binary':
    case 'unary':
      return `Operator [${e.op}]`;
    case 'string':
      return 'A string literal';
    case 'null':
      return 'null';
    default:
      return 'This';
  }
}

/** Checks every function name of a tree, so an unknown one is reported even where lowering stops earlier. */
export function checkFunctions(e: DruidExpr, pointer: string, text: string): void {
  if (e.kind === 'call') {
    if (!DRUID_FUNCTIONS.has(e.fn)) throw exprError(`Function [${e.fn}] is not a known Druid function`, pointer, text, e.at);
    e.args.forEach((a) => checkFunctions(a, pointer, text));
  } else if (e.kind === 'unary') checkFunctions(e.operand, pointer, text);
  else if (e.kind === 'binary') {
    checkFunctions(e.left, pointer, text);
    checkFunctions(e.right, pointer, text);
  }
}

/** The static type of a numeric tree: long unless a double takes part (Druid's numeric promotion). */
function numericType(e: DruidExpr, typeOf: (name: string) => ExprType | undefined): ExprType | undefined {
  switch (e.kind) {
    case 'long':
    case 'double':
      return e.kind;
    case 'identifier':
      return typeOf(e.name);
    case 'unary':
      return e.op === '-' ? numericType(e.operand, typeOf) : 'long';
    case 'binary': {
      const l = numericType(e.left, typeOf);
      const r = numericType(e.right, typeOf);
      if (l === undefined || r === undefined) return undefined;
      if (e.op === '^' || e.op === '/' || e.op === '%' || e.op === '+' || e.op === '-' || e.op === '*') return l === 'double' || r === 'double' ? 'double' : 'long';
      return 'long';
    }
    case 'call':
      if ((e.fn === 'greatest' || e.fn === 'least') && e.args.length > 0) {
        const ts = e.args.map((a) => numericType(a, typeOf));
        return ts.includes(undefined) ? undefined : ts.includes('double') ? 'double' : 'long';
      }
      if ((e.fn === 'abs' || e.fn === 'round') && e.args.length >= 1) return numericType(e.args[0] as DruidExpr, typeOf);
      if (e.fn === 'div') return 'long';
      if (e.fn === 'safe_divide' && e.args.length === 2) return numericType({ ...e, kind: 'binary', op: '/', left: e.args[0] as DruidExpr, right: e.args[1] as DruidExpr }, typeOf);
      return e.fn === 'pow' || e.fn === 'ceil' || e.fn === 'floor' || e.fn === 'sqrt' ? 'double' : undefined;
    default:
      return undefined;
  }
}

export interface PostColumns {
  /** the Druid type of an aggregator's or earlier post-aggregator's value, undefined when unknown */
  typeOf(name: string): ExprType | undefined;
}

/**
 * A post-aggregator expression over the row's columns. Division of two longs is Druid's integer
 * division (the IR's `div`). A zero divisor gives null (Java's Infinity/NaN has no JSON form).
 */
export function toPostExpr(e: DruidExpr, cols: PostColumns, pointer: string, text: string): Expr {
  const go = (x: DruidExpr): Expr => toPostExpr(x, cols, pointer, text);
  switch (e.kind) {
    case 'long':
    case 'double':
      return { kind: 'const', value: e.value };
    case 'identifier':
      if (cols.typeOf(e.name) === undefined) throw exprError(`Unknown column [${e.name}]: a post-aggregator expression reads aggregators and earlier post-aggregators`, pointer, text, e.at);
      return { kind: 'column', column: e.name };
    case 'unary':
      if (e.op === '-') return { kind: 'neg', operand: go(e.operand) };
      break;
    case 'binary': {
      if (e.op === '+' || e.op === '-' || e.op === '*') return { kind: 'binary', op: e.op, left: go(e.left), right: go(e.right), onZeroDivisor: 'null' };
      if (e.op === '^') return { kind: 'binary', op: 'pow', left: go(e.left), right: go(e.right), onZeroDivisor: 'null' };
      if (e.op === '/') {
        // two longs divide as integers (Druid's long arithmetic), truncated toward zero
        const integral = numericType(e.left, cols.typeOf) === 'long' && numericType(e.right, cols.typeOf) === 'long';
        return { kind: 'binary', op: integral ? 'div' : '/', left: go(e.left), right: go(e.right), onZeroDivisor: 'null' };
      }
      break;
    }
    case 'call':
      if ((e.fn === 'greatest' || e.fn === 'least') && e.args.length > 0) return { kind: 'call', fn: e.fn, args: e.args.map(go) };
      if (UNARY_MATH.has(e.fn)) {
        const scale = e.args[1];
        const plainRound = e.fn === 'round' && e.args.length === 2 && scale?.kind === 'long' && scale.value === 0;
        if (e.args.length !== 1 && !plainRound) {
          if (e.fn === 'round' && e.args.length === 2) throw exprError('Function [round] with a scale other than 0 is not supported here yet', pointer, text, e.at);
          throw exprError(`Function [${e.fn}] needs 1 argument${e.fn === 'round' ? ' (and an optional scale)' : ''}`, pointer, text, e.at);
        }
        return { kind: 'call', fn: e.fn as 'abs' | 'ceil' | 'floor' | 'round' | 'sqrt', args: [go(e.args[0] as DruidExpr)] };
      }
      if ((e.fn === 'div' || e.fn === 'safe_divide') && e.args.length === 2) {
        const [l, r] = e.args as [DruidExpr, DruidExpr];
        const integral = numericType(l, cols.typeOf) === 'long' && numericType(r, cols.typeOf) === 'long';
        // div casts doubles to long before dividing, which the IR's div (truncating the quotient) does not
        if (e.fn === 'div' && !integral) throw exprError('Function [div] of a double argument is not supported here yet (two longs are)', pointer, text, e.at);
        return { kind: 'binary', op: integral ? 'div' : '/', left: go(l), right: go(r), onZeroDivisor: 'null' };
      }
      if (['pow', 'div', 'safe_divide'].includes(e.fn) && e.args.length !== 2) throw exprError(`Function [${e.fn}] needs 2 arguments`, pointer, text, e.at);
      if (e.fn === 'pow' && e.args.length !== 2) throw exprError('Function [pow] needs 2 arguments', pointer, text, e.at);
      if ((e.fn === 'greatest' || e.fn === 'least') && e.args.length === 0) throw exprError(`Function [${e.fn}] needs at least 1 argument`, pointer, text, e.at);
      if (e.fn === 'pow' && e.args.length === 2) return { kind: 'binary', op: 'pow', left: go(e.args[0] as DruidExpr), right: go(e.args[1] as DruidExpr), onZeroDivisor: 'null' };
      if (e.fn === 'cast' && e.args.length === 2 && e.args[1]?.kind === 'string' && e.args[1].value.toUpperCase() === 'DOUBLE') {
        return go(e.args[0] as DruidExpr);
      }
      break;
    default:
  }
  return unsupportedNode(e, describeNode(e), pointer, text);
}

export interface DocColumns {
  /** a numeric column's value (its field, or a computed virtual column's tree) and type; undefined when not numeric */
  numeric(name: string): { readonly expr: ValueExpr; readonly type: ExprType } | undefined;
}

/**
 * A per-document numeric expression. The IR's per-document arithmetic is double arithmetic where a
 * missing value or a zero divisor makes the row's value null; Druid's integer division and
 * Infinity/NaN differ, so `/` is lowered only between doubles and a zero divisor reads as null.
 */
export function toValueExpr(e: DruidExpr, cols: DocColumns, pointer: string, text: string): ValueExpr {
  const go = (x: DruidExpr): ValueExpr => toValueExpr(x, cols, pointer, text);
  const typeOf = (name: string): ExprType | undefined => cols.numeric(name)?.type;
  switch (e.kind) {
    case 'long':
    case 'double':
      return { kind: 'const', value: e.value };
    case 'identifier': {
      const c = cols.numeric(e.name);
      if (!c) throw exprError(`Column [${e.name}] is not a numeric column of this data source`, pointer, text, e.at);
      return c.expr;
    }
    case 'unary':
      if (e.op === '-') return { kind: 'neg', operand: go(e.operand) };
      break;
    case 'binary':
      if (e.op === '+' || e.op === '-' || e.op === '*') return { kind: 'binary', op: e.op, left: go(e.left), right: go(e.right) };
      if (e.op === '/') {
        if (numericType(e.left, typeOf) === 'long' && numericType(e.right, typeOf) === 'long') {
          throw exprError('Division of two long values (Druid\'s integer division) is not supported here yet; cast one side to double', pointer, text, e.at);
        }
        return { kind: 'binary', op: '/', left: go(e.left), right: go(e.right) };
      }
      break;
    case 'call':
      if (e.fn === 'cast' && e.args.length === 2 && e.args[1]?.kind === 'string' && e.args[1].value.toUpperCase() === 'DOUBLE') {
        return go(e.args[0] as DruidExpr);
      }
      break;
    default:
  }
  return unsupportedNode(e, describeNode(e), pointer, text);
}

/** The Druid type of a numeric expression, for typing its output (long unless a double takes part). */
export function exprType(e: DruidExpr, typeOf: (name: string) => ExprType | undefined): ExprType | undefined {
  return numericType(e, typeOf);
}
