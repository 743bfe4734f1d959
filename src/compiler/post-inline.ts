/**
 * Post-metrics that read other post-metrics, inlined for one bucket_script only while that stays
 * small. A post-metric read twice by the next, and that one twice by the next, is a DAG of n nodes
 * but a tree of 2^n once inlined: its size is measured on the DAG (each post-metric sized once) and
 * anything over the budget is left to the reader, which evaluates each post-metric once per row in
 * declaration order. So no request can make the proxy build, or the engine compile, a huge script.
 */
import type { Expr, PostMetric } from '../ir/nodes.js';
import { defaultLimits } from '../policy/limits.js';

/** Inlined nodes one bucket_script may hold; past it the reader computes the value. */
export const INLINE_NODE_BUDGET = defaultLimits.maxExpressionNodes;

/** The expression with references to other post-metrics inlined, or undefined when the reader must compute it. */
export function inlinePost(e: Expr, post: readonly PostMetric[], budget = INLINE_NODE_BUDGET): Expr | undefined {
  const byName = new Map(post.map((p) => [p.name, p] as const));
  const sizes = new Map<string, number>();
  const visiting = new Set<string>();
  // inlined size of an expression, each referenced post-metric measured once (memoised)
  const size = (x: Expr): number => {
    switch (x.kind) {
      case 'column': {
        const p = byName.get(x.column);
        if (!p) return 1;
        if (p.kind !== 'expr' || visiting.has(p.name)) return Infinity;
        let n = sizes.get(p.name);
        if (n === undefined) {
          visiting.add(p.name);
          n = size(p.expr);
          visiting.delete(p.name);
          sizes.set(p.name, n);
        }
        return n;
      }
      case 'neg':
        return 1 + size(x.operand);
      case 'binary':
        return 1 + size(x.left) + size(x.right);
      case 'call':
        return x.args.reduce((n, a) => n + size(a), 1);
      default:
        return 1;
    }
  };
  if (!(size(e) <= budget)) return undefined;
  const expand = (x: Expr): Expr => {
    switch (x.kind) {
      case 'column': {
        const p = byName.get(x.column);
        return p && p.kind === 'expr' ? expand(p.expr) : x;
      }
      case 'neg':
        return { ...x, operand: expand(x.operand) };
      case 'binary':
        return { ...x, left: expand(x.left), right: expand(x.right) };
      case 'call':
        return { ...x, args: x.args.map(expand) };
      default:
        return x;
    }
  };
  return expand(e);
}

/** A generated script the engine may be sent: within limits.maxScriptBytes, else the reader computes. */
export function scriptFits(source: string, maxScriptBytes = defaultLimits.maxScriptBytes): boolean {
  return Buffer.byteLength(source, 'utf8') <= maxScriptBytes;
}
