/**
 * Expression trees → bucket_script, from fixed templates only. The script text is built from the
 * tree's shape (operators from a closed set, generated variable names); every constant travels in
 * `params` and every column through `buckets_path`. No user text ever becomes Painless source.
 */
import type { Expr } from '../ir/nodes.js';

export interface BucketScript {
  readonly bucket_script: {
    readonly buckets_path: Record<string, string>;
    readonly script: { readonly lang: 'painless'; readonly source: string; readonly params: Record<string, number> };
    readonly gap_policy: 'skip';
  };
}

/**
 * `pathOf(column, part)` gives the buckets_path of a metric column (e.g. `m0`, `m1.avg`);
 * `guardOf` the path of a count that makes the column null when it is 0 (a sum of no values).
 */
export function toBucketScript(
  expr: Expr,
  pathOf: (column: string, part?: string) => string,
  guardOf: (column: string, part?: string) => string | undefined = () => undefined,
): BucketScript {
  const paths: Record<string, string> = {};
  const params: Record<string, number> = {};
  const byPath = new Map<string, string>();
  // a null result anywhere makes the whole value null (as in the reader's evaluator), so a
  // zero divisor under the `null` policy returns early instead of flowing null into arithmetic
  const statements: string[] = [];
  // its own counter: guards add single statements, so half the statement count is not an integer
  let divisors = 0;
  const variable = (path: string): string => {
    let v = byPath.get(path);
    if (!v) {
      v = `v${byPath.size}`;
      byPath.set(path, v);
      paths[v] = path;
    }
    return `((double) params.${v})`;
  };
  const emit = (e: Expr): string => {
    switch (e.kind) {
      case 'const': {
        const name = `c${Object.keys(params).filter((k) => k !== 'half').length}`;
        params[name] = e.value;
        return `((double) params.${name})`;
      }
      case 'column': {
        const guard = guardOf(e.column, e.part);
        if (guard !== undefined) {
          const g = variable(guard);
          if (!statements.includes(`if (${g} == 0.0) { return null; }`)) statements.push(`if (${g} == 0.0) { return null; }`);
        }
        return variable(pathOf(e.column, e.part));
      }
      case 'count':
        return variable('_count');
      case 'neg':
        return `(-${emit(e.operand)})`;
      case 'binary': {
        const l = emit(e.left);
        const r = emit(e.right);
        switch (e.op) {
          case '+':
          case '-':
          case '*':
            return `(${l} ${e.op} ${r})`;
          case '/': {
            if (e.onZeroDivisor === 'zero') return `(${r} == 0.0 ? 0.0 : ${l} / ${r})`;
            const d = `d${divisors++}`;
            statements.push(`double ${d} = ${r};`, `if (${d} == 0.0) { return null; }`);
            return `(${l} / ${d})`;
          }
          case 'div': {
            // Java's long division truncates toward zero, as Druid's does
            const d = `d${divisors++}`;
            statements.push(`double ${d} = ${r};`, `if (${d} == 0.0) { return null; }`);
            return `((double) ((long) ${l} / (long) ${d}))`;
          }
          case 'quotient':
            return `(${l} / ${r})`;
          case 'pow':
            return `Math.pow(${l}, ${r})`;
        }
        break;
      }
      case 'call': {
        if (e.fn === 'greatest' || e.fn === 'least') {
          const fn = e.fn === 'greatest' ? 'Math.max' : 'Math.min';
          return e.args.map(emit).reduce((acc, a) => `${fn}(${acc}, ${a})`);
        }
        const x = `x${divisors++}`;
        statements.push(`double ${x} = ${emit(e.args[0] as Expr)};`);
        switch (e.fn) {
          case 'abs':
            return `Math.abs(${x})`;
          case 'ceil':
            return `Math.ceil(${x})`;
          case 'floor':
            return `Math.floor(${x})`;
          case 'round':
            // half away from zero, as the reader's evaluate(): floor of |x|, up when the rest is ≥ 0.5
            params.half = 0.5;
            return `(Math.signum(${x}) * (Math.abs(${x}) - Math.floor(Math.abs(${x})) >= params.half ? Math.floor(Math.abs(${x})) + 1 : Math.floor(Math.abs(${x}))))`;
          case 'sqrt':
            statements.push(`if (${x} < 0.0) { return null; }`);
            return `Math.sqrt(${x})`;
        }
        break;
      }
    }
    throw new Error('unreachable');
  };
  const value = emit(expr);
  const source = [...statements, `return ${value};`].join(' ');
  return { bucket_script: { buckets_path: paths, script: { lang: 'painless', source, params }, gap_policy: 'skip' } };
}

/**
 * Per-document value scripts, fixed text; the field names arrive in `params` and are only ever
 * used as doc-value keys.
 */
export const TRUNCATED_SUM =
  "long s = 0; def vs = doc[params.field]; for (int i = 0; i < vs.size(); i++) { s += (long) vs.get(i); } return s;";
/** every value of every field, as strings (Druid cardinality, byRow false) */
export const VALUE_UNION =
  "List out = new ArrayList(); for (String f : params.fields) { def vs = doc[f]; for (int i = 0; i < vs.size(); i++) { out.add(String.valueOf(vs.get(i))); } } return out;";
/** every combination of one value per field, joined (Druid cardinality, byRow true) */
export const VALUE_TUPLES =
  "String sep = String.valueOf((char) 1); List acc = new ArrayList(); acc.add(''); for (String f : params.fields) { def vs = doc[f]; List next = new ArrayList(); for (String p : acc) { if (vs.size() == 0) { next.add(p + sep); } for (int i = 0; i < vs.size(); i++) { next.add(p + sep + String.valueOf(vs.get(i))); } } acc = next; } return acc;";
