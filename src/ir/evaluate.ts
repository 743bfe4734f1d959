/**
 * Evaluates an expression over a row, with the semantics of the bucket_script the compiler would
 * emit: any null input gives null (gap_policy skip), `/` by zero gives 0 or null as the node says.
 */
import type { Expr, MetricValue } from './nodes.js';

export function evaluate(e: Expr, count: number, values: Readonly<Record<string, MetricValue>>): number | null {
  switch (e.kind) {
    case 'const':
      return e.value;
    case 'count':
      return count;
    case 'column': {
      const v = values[e.column];
      if (v === undefined || v === null) return null;
      if (typeof v === 'number') return e.part === undefined ? v : null;
      return e.part === undefined ? null : (v[e.part] ?? null);
    }
    case 'neg': {
      const v = evaluate(e.operand, count, values);
      return v === null ? null : -v;
    }
    case 'binary': {
      const l = evaluate(e.left, count, values);
      const r = evaluate(e.right, count, values);
      if (l === null || r === null) return null;
      switch (e.op) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          return r === 0 ? (e.onZeroDivisor === 'zero' ? 0 : null) : l / r;
        case 'div':
          return r === 0 ? null : Math.trunc(l / r);
        case 'quotient':
          return l / r;
        case 'pow':
          return Math.pow(l, r);
      }
      break;
    }
    case 'call': {
      const args = e.args.map((a) => evaluate(a, count, values));
      if (args.some((a) => a === null)) return null;
      const ns = args as number[];
      const x = ns[0] as number;
      switch (e.fn) {
        case 'greatest':
          return Math.max(...ns);
        case 'least':
          return Math.min(...ns);
        case 'abs':
          return Math.abs(x);
        case 'ceil':
          return Math.ceil(x);
        case 'floor':
          return Math.floor(x);
        case 'round':
          return Math.sign(x) * halfUp(Math.abs(x));
        case 'sqrt':
          return x < 0 ? null : Math.sqrt(x);
      }
    }
  }
  return null;
}

/** Half up on a non-negative value: `v - floor(v)` is exact for doubles, so no `v + 0.5` rounding error. */
function halfUp(v: number): number {
  const f = Math.floor(v);
  return v - f >= 0.5 ? f + 1 : f;
}
