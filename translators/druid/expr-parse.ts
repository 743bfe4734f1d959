/**
 * Druid's expression language (virtual columns, `expression` post-aggregators and filters) → a
 * typed tree with positions. Hand-written recursive descent following Druid's grammar (Expr.g4):
 * precedence from tight to loose is unary `-` `!`, `^` (right-associative), `* / %`, `+ -`,
 * comparisons, `&&`, `||`. Every node keeps its 0-based offset so that an error later (an unknown
 * function, a type problem) can point at it.
 */
import { ProxyError } from '../../src/errors/proxy-error.js';

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';

export type DruidExpr =
  | { readonly kind: 'null'; readonly at: number }
  | { readonly kind: 'long' | 'double'; readonly value: number; readonly at: number }
  | { readonly kind: 'string'; readonly value: string; readonly at: number }
  | { readonly kind: 'identifier'; readonly name: string; readonly at: number }
  | { readonly kind: 'unary'; readonly op: '-' | '!'; readonly operand: DruidExpr; readonly at: number }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: DruidExpr; readonly right: DruidExpr; readonly at: number }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly DruidExpr[]; readonly at: number };

/** Line and column (1-based) of an offset, for error locations. */
export function position(text: string, offset: number): { offset: number; line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { offset, line: before.length, column: (before[before.length - 1] ?? '').length + 1 };
}

/** A problem inside the expression string at `pointer`, at `offset`. */
export function exprError(message: string, pointer: string, text: string, offset: number): ProxyError {
  const p = position(text, offset);
  return new ProxyError({ kind: 'invalid_request', message: `${message} at position ${offset} (line ${p.line}, column ${p.column})`, at: { pointer, position: p } });
}

type Token =
  | { readonly t: 'num'; readonly text: string; readonly at: number }
  | { readonly t: 'str'; readonly value: string; readonly at: number }
  | { readonly t: 'id'; readonly name: string; readonly quoted: boolean; readonly at: number }
  | { readonly t: 'op'; readonly op: string; readonly at: number }
  | { readonly t: 'end'; readonly at: number };

const OPS = ['<=', '>=', '==', '!=', '&&', '||', '+', '-', '*', '/', '%', '^', '<', '>', '!', '(', ')', ','];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '\\': '\\', "'": "'", '"': '"' };

function tokenize(text: string, fail: (m: string, at: number) => never): Token[] {
  const out: Token[] = [];
  let i = 0;
  const quoted = (q: string): { value: string; end: number } => {
    let value = '';
    let j = i + 1;
    for (;;) {
      if (j >= text.length) fail(`Unterminated ${q === "'" ? 'string literal' : 'quoted identifier'}`, i);
      const ch = text[j] as string;
      if (ch === q) return { value, end: j + 1 };
      if (ch === '\\') {
        const n = text[j + 1] ?? '';
        if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
          value += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16));
          j += 6;
          continue;
        }
        const e = ESCAPES[n];
        if (e === undefined) fail(`Invalid escape '\\${n}'`, j);
        value += e;
        j += 2;
        continue;
      }
      value += ch;
      j += 1;
    }
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const num = /^(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      out.push({ t: 'num', text: num[0], at: i });
      i += num[0].length;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const { value, end } = quoted(ch);
      out.push(ch === "'" ? { t: 'str', value, at: i } : { t: 'id', name: value, quoted: true, at: i });
      i = end;
      continue;
    }
    const id = /^[a-zA-Z_$][a-zA-Z0-9_$]*/.exec(text.slice(i));
    if (id) {
      out.push({ t: 'id', name: id[0], quoted: false, at: i });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) fail(`Unexpected character '${ch}'`, i);
    out.push({ t: 'op', op, at: i });
    i += op.length;
  }
  out.push({ t: 'end', at: text.length });
  return out;
}

const LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['<', '<=', '>', '>=', '==', '!='], ['+', '-'], ['*', '/', '%']];

/**
 * Parses `text` (found at JSON Pointer `pointer`); nesting is bounded by `maxDepth` so a hostile
 * expression cannot exhaust the stack.
 */
export function parseExpression(text: string, pointer: string, maxDepth = 64): DruidExpr {
  const fail = (m: string, at: number): never => {
    throw exprError(m, pointer, text, at);
  };
  if (text.trim() === '') fail('Empty expression', 0);
  const tokens = tokenize(text, fail);
  let k = 0;
  let depth = 0;
  const peek = (): Token => tokens[k] as Token;
  const isOp = (op: string): boolean => {
    const t = peek();
    return t.t === 'op' && t.op === op;
  };
  const expect = (op: string): void => {
    if (!isOp(op)) fail(`Expected '${op}'`, peek().at);
    k += 1;
  };
  const nested = <T>(at: number, f: () => T): T => {
    depth += 1;
    if (depth > maxDepth) fail(`Expression nested deeper than ${maxDepth}`, at);
    try {
      return f();
    } finally {
      depth -= 1;
    }
  };
  const binary = (level: number): DruidExpr => {
    if (level >= LEVELS.length) return power();
    let left = binary(level + 1);
    for (;;) {
      const t = peek();
      if (t.t !== 'op' || !(LEVELS[level] as readonly string[]).includes(t.op)) return left;
      k += 1;
      const right = nested(t.at, () => binary(level + 1));
      left = { kind: 'binary', op: t.op as BinaryOp, left, right, at: t.at };
    }
  };
  const power = (): DruidExpr => {
    const base = unary();
    if (!isOp('^')) return base;
    const at = peek().at;
    k += 1;
    return { kind: 'binary', op: '^', left: base, right: nested(at, power), at };
  };
  const unary = (): DruidExpr => {
    const t = peek();
    if (t.t === 'op' && (t.op === '-' || t.op === '!')) {
      k += 1;
      return { kind: 'unary', op: t.op, operand: nested(t.at, unary), at: t.at };
    }
    return primary();
  };
  const primary = (): DruidExpr => {
    const t = peek();
    k += 1;
    switch (t.t) {
      case 'num': {
        const value = Number(t.text);
        const long = /^\d+$/.test(t.text);
        if (long && !Number.isSafeInteger(value)) fail(`The long ${t.text} is outside the values this proxy holds exactly (±${Number.MAX_SAFE_INTEGER})`, t.at);
        if (!Number.isFinite(value)) fail(`The number ${t.text} is out of range`, t.at);
        return { kind: long ? 'long' : 'double', value, at: t.at };
      }
      case 'str':
        return { kind: 'string', value: t.value, at: t.at };
      case 'id': {
        if (!t.quoted && isOp('(')) {
          k += 1;
          const args: DruidExpr[] = [];
          if (!isOp(')')) {
            for (;;) {
              args.push(nested(t.at, () => binary(0)));
              if (!isOp(',')) break;
              k += 1;
            }
          }
          expect(')');
          return { kind: 'call', fn: t.name, args, at: t.at };
        }
        if (!t.quoted && t.name === 'null') return { kind: 'null', at: t.at };
        return { kind: 'identifier', name: t.name, at: t.at };
      }
      case 'op':
        if (t.op === '(') {
          const inner = nested(t.at, () => binary(0));
          expect(')');
          return inner;
        }
        return fail(`Unexpected '${t.op}'`, t.at);
      case 'end':
        return fail('Unexpected end of expression', t.at);
    }
  };
  const e = binary(0);
  if (peek().t !== 'end') fail('Unexpected input after the expression', peek().at);
  return e;
}
