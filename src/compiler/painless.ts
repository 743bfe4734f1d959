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

/** `pathOf(column, part)` gives the buckets_path of a metric column (e.g. `m0`, `m1.avg`). */
export function toBucketScript(expr: Expr, pathOf: (column: string, part?: string) => string): BucketScript {
  const paths: Record<string, string> = {};
  const params: Record<string, number> = {};
  const byPath = new Map<string, string>();
  // a null result anywhere makes the whole value null (as in the reader's evaluator), so a
  // zero divisor under the `null` policy returns early instead of flowing null into arithmetic
  const statements: string[] = [];
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
        const name = `c${Object.keys(params).length}`;
        params[name] = e.value;
        return `((double) params.${name})`;
      }
      case 'column':
        return variable(pathOf(e.column, e.part));
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
            const d = `d${statements.length / 2}`;
            statements.push(`double ${d} = ${r};`, `if (${d} == 0.0) { return null; }`);
            return `(${l} / ${d})`;
          }
          case 'quotient':
            return `(${l} / ${r})`;
          case 'pow':
            return `Math.pow(${l}, ${r})`;
        }
        break;
      }
      case 'call': {
        const fn = e.fn === 'greatest' ? 'Math.max' : 'Math.min';
        return e.args.map(emit).reduce((acc, a) => `${fn}(${acc}, ${a})`);
      }
    }
    throw new Error('unreachable');
  };
  const value = emit(expr);
  const source = [...statements, `return ${value};`].join(' ');
  return { bucket_script: { buckets_path: paths, script: { lang: 'painless', source, params }, gap_policy: 'skip' } };
}
