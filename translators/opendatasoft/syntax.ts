/**
 * The Opendatasoft expression syntax, shared by virtual fields, aggregates and group_by
 * expressions: a tokenizer and a recursive-descent parser into one generic tree with the offset of
 * every node. What each context accepts (fields only, aggregate calls only, date/range calls) is
 * checked afterwards by the interpreters in expressions.ts and groups.ts, so every error points at
 * the offending part of the text.
 */

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

type Token =
  | { readonly t: 'number'; readonly value: number; readonly at: Offset }
  | { readonly t: 'ident'; readonly name: string; readonly at: Offset }
  | { readonly t: 'string'; readonly value: string; readonly at: Offset }
  | { readonly t: 'punct'; readonly p: string; readonly at: Offset }
  | { readonly t: 'end'; readonly at: Offset };

const PUNCT = new Set(['(', ')', '[', ']', ',', '=', '+', '-', '*', '/']);

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
    const num = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      out.push({ t: 'number', value: Number(num[0]), at });
      i += num[0].length;
      if (/[A-Za-z_]/.test(text[i] ?? '')) throw new ExpressionError(`unexpected character '${text[i]}' after a number`, i);
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (ident) {
      out.push({ t: 'ident', name: ident[0], at });
      i += ident[0].length;
      continue;
    }
    if (c === '`' || c === "'" || c === '"') {
      // quotes double to escape themselves ('it''s'), as in Joda patterns and ODSQL
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new ExpressionError(c === '`' ? 'unterminated quoted field name' : 'unterminated string', at);
        if (text[j] === c) {
          if (text[j + 1] === c) {
            value += c;
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      out.push(c === '`' ? { t: 'ident', name: value, at } : { t: 'string', value, at });
      i = j + 1;
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
export function parseExpression(text: string): SyntaxNode {
  const tokens = tokenize(text);
  let k = 0;
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
      left = { kind: 'binary', op, left, right: product(), at: left.at };
    }
    return left;
  };
  const product = (): SyntaxNode => {
    let left = unary();
    while (isPunct('*') || isPunct('/')) {
      const op = (tokens[k++] as { p: '*' | '/' }).p;
      left = { kind: 'binary', op, left, right: unary(), at: left.at };
    }
    return left;
  };
  const unary = (): SyntaxNode => {
    if (isPunct('-')) {
      const at = peek().at;
      k++;
      const operand = unary();
      // a negative literal stays a literal (static([-10, 0, 10]))
      return operand.kind === 'number' ? { kind: 'number', value: -operand.value, at } : { kind: 'neg', operand, at };
    }
    if (isPunct('+')) {
      k++;
      return unary();
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
        out.push({ kind: 'named', name: t.name, value: sum(), at: t.at });
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
        return { kind: 'number', value: t.value, at: t.at };
      case 'string':
        k++;
        return { kind: 'string', value: t.value, at: t.at };
      case 'ident': {
        k++;
        if (!isPunct('(')) return { kind: 'ident', name: t.name, at: t.at };
        k++;
        const a = args(')');
        expect(')');
        return { kind: 'call', name: t.name, args: a, at: t.at };
      }
      case 'punct':
        if (t.p === '(') {
          k++;
          const inner = sum();
          expect(')');
          return inner;
        }
        if (t.p === '[') {
          k++;
          const items = args(']');
          expect(']');
          return { kind: 'list', items, at: t.at };
        }
        break;
      case 'end':
        break;
    }
    throw new ExpressionError(`unexpected ${describeToken(t)}`, t.at);
  };
  if (peek().t === 'end') throw new ExpressionError('empty expression', 0);
  const node = sum();
  if (peek().t !== 'end') throw new ExpressionError(`unexpected ${describeToken(peek())}`, peek().at);
  return node;
}
