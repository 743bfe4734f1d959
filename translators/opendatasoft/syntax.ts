/**
 * The Opendatasoft expression syntax, shared by virtual fields, aggregates and group_by
 * expressions: a tokenizer and a recursive-descent parser into one generic tree with the offset of
 * every node. What each context accepts (fields only, aggregate calls only, date/range calls) is
 * checked afterwards by the interpreters in expressions.ts and groups.ts, so every error points at
 * the offending part of the text.
 *
 * The parser recurses, so its depth is bounded: parentheses, calls, lists and unary signs nest at
 * most `maxDepth` levels, and so does the tree (a flat `1+1+...+1` is a left-deep chain that later
 * walkers would recurse down). Deeper input is an ExpressionLimit, never a stack overflow.
 */
import type { LimitName } from '../../src/policy/limits.js';
import { defaultLimits } from '../../src/policy/limits.js';
import { readQuoted } from './quoted.js';

/** 0-based character offset of a node's first character in the expression text. */
export type Offset = number;

export type SyntaxNode =
  | { readonly kind: 'number'; readonly value: number; readonly at: Offset }
  | { readonly kind: 'ident'; readonly name: string; readonly at: Offset }
  | { readonly kind: 'string'; readonly value: string; readonly at: Offset }
  | { readonly kind: 'list'; readonly items: readonly SyntaxNode[]; readonly at: Offset }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly SyntaxNode[]; readonly at: Offset }
  /** `name=value`, only as a call argument (`equi(5, lowest_boundary=0)`) */
  | { readonly kind: 'named'; readonly name: string; readonly value: SyntaxNode; readonly at: Offset }
  | { readonly kind: 'neg'; readonly operand: SyntaxNode; readonly at: Offset }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/'; readonly left: SyntaxNode; readonly right: SyntaxNode; readonly at: Offset };

export class ExpressionError extends Error {
  constructor(message: string, readonly at: Offset) {
    super(message);
  }
}

/** An expression over one of the policy's bounds (a 400 naming `limits.<limit>`), at a character. */
export class ExpressionLimit extends ExpressionError {
  constructor(what: string, readonly limit: LimitName, readonly max: number, at: Offset) {
    super(what, at);
  }
}

type Token =
  | { readonly t: 'number'; readonly value: number; readonly at: Offset }
  | { readonly t: 'ident'; readonly name: string; readonly at: Offset }
  | { readonly t: 'string'; readonly value: string; readonly at: Offset }
  | { readonly t: 'punct'; readonly p: string; readonly at: Offset }
  | { readonly t: 'end'; readonly at: Offset };

const PUNCT = new Set(['(', ')', '[', ']', ',', '=', '+', '-', '*', '/']);
// sticky: matched at `lastIndex`, so a long expression is not copied once per token
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) {
      const value = Number(num[0]);
      // a literal past the double range would become Infinity and quietly answer null
      if (!Number.isFinite(value)) throw new ExpressionError(`number ${num[0].length > 24 ? `${num[0].slice(0, 24)}…` : num[0]} is out of range (not a finite number)`, at);
      out.push({ t: 'number', value, at });
      i += num[0].length;
      if (/[A-Za-z_]/.test(text[i] ?? '')) throw new ExpressionError(`unexpected character '${text[i]}' after a number`, i);
      continue;
    }
    IDENT.lastIndex = i;
    const ident = IDENT.exec(text);
    if (ident) {
      out.push({ t: 'ident', name: ident[0], at });
      i += ident[0].length;
      continue;
    }
    if (c === '`' || c === "'" || c === '"') {
      // quotes double to escape themselves ('it''s'), as in Joda patterns and ODSQL
      const q = readQuoted(text, i, false);
      if (!q) throw new ExpressionError(c === '`' ? 'unterminated quoted field name' : 'unterminated string', at);
      out.push(c === '`' ? { t: 'ident', name: q.value, at } : { t: 'string', value: q.value, at });
      i = q.end;
      continue;
    }
    if (PUNCT.has(c)) {
      out.push({ t: 'punct', p: c, at });
      i++;
      continue;
    }
    throw new ExpressionError(`unexpected character '${c}'`, at);
  }
  out.push({ t: 'end', at: text.length });
  return out;
}

function describeToken(t: Token): string {
  switch (t.t) {
    case 'number':
      return `number ${t.value}`;
    case 'ident':
      return `'${t.name}'`;
    case 'string':
      return 'a string';
    case 'punct':
      return `'${t.p}'`;
    case 'end':
      return 'end of expression';
  }
}

/** Parses a whole expression; trailing text is an error. */
export function parseExpression(text: string, maxDepth: number = defaultLimits.maxDepth): SyntaxNode {
  const tokens = tokenize(text);
  let k = 0;
  // the tree depth of every node built, and the nesting of the parser's recursion
  const depths = new WeakMap<SyntaxNode, number>();
  let nesting = 0;
  const tooDeep = (at: Offset): never => {
    throw new ExpressionLimit('Expression nesting', 'maxDepth', maxDepth, at);
  };
  // children as an array: a list of 100,000 numbers must not become 100,000 call arguments
  const node = <T extends SyntaxNode>(n: T, children: readonly SyntaxNode[] = []): T => {
    let d = 1;
    for (const c of children) d = Math.max(d, (depths.get(c) ?? 1) + 1);
    if (d > maxDepth) tooDeep(n.at);
    depths.set(n, d);
    return n;
  };
  const enter = (at: Offset): void => {
    if (++nesting > maxDepth) tooDeep(at);
  };
  const peek = (): Token => tokens[k] as Token;
  const isPunct = (p: string): boolean => {
    const t = peek();
    return t.t === 'punct' && t.p === p;
  };
  const expect = (p: string): void => {
    if (!isPunct(p)) throw new ExpressionError(`expected '${p}' but found ${describeToken(peek())}`, peek().at);
    k++;
  };
  const sum = (): SyntaxNode => {
    let left = product();
    while (isPunct('+') || isPunct('-')) {
      const op = (tokens[k++] as { p: '+' | '-' }).p;
      const right = product();
      left = node({ kind: 'binary', op, left, right, at: left.at }, [left, right]);
    }
    return left;
  };
  const product = (): SyntaxNode => {
    let left = unary();
    while (isPunct('*') || isPunct('/')) {
      const op = (tokens[k++] as { p: '*' | '/' }).p;
      const right = unary();
      left = node({ kind: 'binary', op, left, right, at: left.at }, [left, right]);
    }
    return left;
  };
  const unary = (): SyntaxNode => {
    if (isPunct('-')) {
      const at = peek().at;
      k++;
      enter(at);
      const operand = unary();
      nesting--;
      // a negative literal stays a literal (static([-10, 0, 10]))
      return operand.kind === 'number' ? node({ kind: 'number', value: -operand.value, at }) : node({ kind: 'neg', operand, at }, [operand]);
    }
    if (isPunct('+')) {
      enter(peek().at);
      k++;
      const operand = unary();
      nesting--;
      return operand;
    }
    return primary();
  };
  const args = (close: string): SyntaxNode[] => {
    const out: SyntaxNode[] = [];
    if (isPunct(close)) return out;
    for (;;) {
      const t = peek();
      const next = tokens[k + 1];
      if (t.t === 'ident' && next?.t === 'punct' && next.p === '=' && close === ')') {
        k += 2;
        const value = sum();
        out.push(node({ kind: 'named', name: t.name, value, at: t.at }, [value]));
      } else out.push(sum());
      if (!isPunct(',')) return out;
      k++;
    }
  };
  const primary = (): SyntaxNode => {
    const t = peek();
    switch (t.t) {
      case 'number':
        k++;
        return node({ kind: 'number', value: t.value, at: t.at });
      case 'string':
        k++;
        return node({ kind: 'string', value: t.value, at: t.at });
      case 'ident': {
        k++;
        if (!isPunct('(')) return node({ kind: 'ident', name: t.name, at: t.at });
        k++;
        enter(t.at);
        const a = args(')');
        expect(')');
        nesting--;
        return node({ kind: 'call', name: t.name, args: a, at: t.at }, a);
      }
      case 'punct':
        if (t.p === '(') {
          k++;
          enter(t.at);
          const inner = sum();
          expect(')');
          nesting--;
          return inner;
        }
        if (t.p === '[') {
          k++;
          enter(t.at);
          const items = args(']');
          expect(']');
          nesting--;
          return node({ kind: 'list', items, at: t.at }, items);
        }
        break;
      case 'end':
        break;
    }
    throw new ExpressionError(`unexpected ${describeToken(t)}`, t.at);
  };
  if (peek().t === 'end') throw new ExpressionError('empty expression', 0);
  const root = sum();
  if (peek().t !== 'end') throw new ExpressionError(`unexpected ${describeToken(peek())}`, peek().at);
  return root;
}
