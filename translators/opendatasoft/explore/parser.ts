/**
 * The ODSQL parser: recursive descent over lexer.ts's tokens, one entry per clause (a boolean
 * expression for where, lists for select/group_by/order_by), each error an OdsqlError naming the
 * clause and the character. Precedence, loosest first: OR, AND, NOT, predicates (comparisons, IN,
 * LIKE, IS NULL, `field:value`), + -, * / %, unary minus. Nesting is bounded by `maxDepth`, so a
 * hostile clause is an error, never a stack overflow.
 */
import { OdsqlError, type ArithOp, type Clause, type CompareOp, type ListItem, type OdsqlNode, type OrderItem } from './ast.js';
import { describe, tokenize, type Token } from './lexer.js';

const RESERVED = new Set(['and', 'or', 'not', 'in', 'like', 'is', 'null', 'true', 'false', 'as', 'asc', 'desc', 'distinct']);
const COMPARE = new Set(['=', '!=', '<', '<=', '>', '>=']);

class Parser {
  private k = 0;
  private nesting = 0;
  private readonly tokens: Token[];

  constructor(private readonly text: string, private readonly clause: Clause, private readonly maxDepth: number) {
    this.tokens = tokenize(text, clause);
  }

  fail(message: string, at: number): never {
    throw new OdsqlError(message, this.clause, at);
  }
  peek = (n = 0): Token => this.tokens[Math.min(this.k + n, this.tokens.length - 1)] as Token;
  isOp(op: string, n = 0): boolean {
    const t = this.peek(n);
    return t.t === 'op' && t.op === op;
  }
  isWord(word: string, n = 0): boolean {
    const t = this.peek(n);
    return t.t === 'word' && t.word.toLowerCase() === word;
  }
  expectOp(op: string): void {
    if (!this.isOp(op)) this.fail(`expected '${op}' but found ${describe(this.peek())}`, this.peek().at);
    this.k++;
  }
  enter(at: number): void {
    if (++this.nesting > this.maxDepth) this.fail(`expression nesting is deeper than ${this.maxDepth} levels`, at);
  }
  leave = (): void => void this.nesting--;
  atEnd = (): boolean => this.peek().t === 'end';
  finish(): void {
    if (!this.atEnd()) this.fail(`unexpected ${describe(this.peek())}`, this.peek().at);
  }

  expr(): OdsqlNode {
    this.enter(this.peek().at);
    const out = this.logic('or');
    this.leave();
    return out;
  }
  private logic(op: 'or' | 'and'): OdsqlNode {
    const first = op === 'or' ? this.logic('and') : this.negation();
    const operands = [first];
    while (this.isWord(op)) {
      this.k++;
      operands.push(op === 'or' ? this.logic('and') : this.negation());
    }
    return operands.length === 1 ? first : { kind: 'logic', op, operands, at: first.at };
  }
  private negation(): OdsqlNode {
    if (this.isWord('not')) {
      const at = this.peek().at;
      this.k++;
      this.enter(at);
      const operand = this.negation();
      this.leave();
      return { kind: 'not', operand, at };
    }
    return this.predicate();
  }
  private predicate(): OdsqlNode {
    const left = this.additive();
    const t = this.peek();
    if (t.t === 'op' && COMPARE.has(t.op)) {
      this.k++;
      return { kind: 'compare', op: t.op as CompareOp, left, right: this.additive(), at: left.at };
    }
    if (t.t === 'op' && t.op === ':') {
      if (left.kind !== 'field') this.fail("'field:value' expects a field name before ':'", left.at);
      this.k++;
      // `field:[a TO b]`: the range form of the reference's field queries
      if (this.isOp('[') || this.isOp(']')) return this.range(left, false);
      return { kind: 'colon', field: left.name, value: this.additive(), at: left.at };
    }
    const negated = this.isWord('not') && (this.isWord('in', 1) || this.isWord('like', 1));
    if (negated) this.k++;
    if (this.isWord('in')) {
      this.k++;
      return this.inList(left, negated);
    }
    if (this.isWord('like')) {
      this.k++;
      const p = this.peek();
      if (p.t !== 'string') this.fail(`LIKE expects a string but found ${describe(p)}`, p.at);
      this.k++;
      return { kind: 'like', operand: left, pattern: p.value, negated, at: left.at };
    }
    if (this.isWord('is')) {
      this.k++;
      const not = this.isWord('not');
      if (not) this.k++;
      if (!this.isWord('null')) this.fail(`expected NULL but found ${describe(this.peek())}`, this.peek().at);
      this.k++;
      return { kind: 'isnull', operand: left, negated: not, at: left.at };
    }
    return left;
  }
  /** `IN ('a', 'b')`, `IN [1..10]`, `IN ]1..10[` and mixed ends */
  private inList(operand: OdsqlNode, negated: boolean): OdsqlNode {
    const open = this.peek();
    if (open.t === 'op' && open.op === '(') {
      this.k++;
      const items = [this.additive()];
      while (this.isOp(',')) {
        this.k++;
        items.push(this.additive());
      }
      this.expectOp(')');
      return { kind: 'in', operand, items, negated, at: operand.at };
    }
    if (open.t === 'op' && (open.op === '[' || open.op === ']')) return this.range(operand, negated);
    return this.fail(`IN expects a list in parentheses or a range in brackets but found ${describe(open)}`, open.at);
  }
  /** `[a..b]`, `]a TO b[` and mixed ends, after IN or `field:` */
  private range(operand: OdsqlNode, negated: boolean): OdsqlNode {
    const lowInclusive = this.isOp('[');
    this.k++;
    const low = this.additive();
    if (this.isWord('to')) this.k++;
    else this.expectOp('..');
    const high = this.additive();
    const close = this.peek();
    if (!(close.t === 'op' && (close.op === ']' || close.op === '['))) this.fail(`expected ']' or '[' but found ${describe(close)}`, close.at);
    this.k++;
    const between: OdsqlNode = { kind: 'between', operand, low, high, lowInclusive, highInclusive: close.op === ']', at: operand.at };
    return negated ? { kind: 'not', operand: between, at: operand.at } : between;
  }
  private additive(): OdsqlNode {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.tokens[this.k++] as { op: ArithOp }).op;
      left = { kind: 'arith', op, left, right: this.multiplicative(), at: left.at };
    }
    return left;
  }
  private multiplicative(): OdsqlNode {
    let left = this.unary();
    // `*` right after `(` or `,` is a star, handled in primary: here it follows an operand
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = (this.tokens[this.k++] as { op: ArithOp }).op;
      left = { kind: 'arith', op, left, right: this.unary(), at: left.at };
    }
    return left;
  }
  private unary(): OdsqlNode {
    if (this.isOp('-')) {
      const at = this.peek().at;
      this.k++;
      this.enter(at);
      const operand = this.unary();
      this.leave();
      return operand.kind === 'number' ? { kind: 'number', value: -operand.value, at } : { kind: 'neg', operand, at };
    }
    return this.primary();
  }
  private primary(): OdsqlNode {
    const t = this.peek();
    switch (t.t) {
      case 'number':
        this.k++;
        return { kind: 'number', value: t.value, at: t.at };
      case 'string':
        this.k++;
        return { kind: 'string', value: t.value, at: t.at };
      case 'quoted':
        this.k++;
        return { kind: 'field', name: t.name, at: t.at };
      case 'word': {
        const w = t.word.toLowerCase();
        if (w === 'true' || w === 'false' || w === 'null') {
          this.k++;
          return w === 'null' ? { kind: 'null', at: t.at } : { kind: 'bool', value: w === 'true', at: t.at };
        }
        const next = this.peek(1);
        if ((w === 'date' || w === 'timestamp') && next.t === 'string') {
          this.k += 2;
          return { kind: 'date', value: next.value, at: t.at };
        }
        if (this.isOp('(', 1)) return this.call(t.word, t.at);
        if (RESERVED.has(w)) this.fail(`unexpected keyword '${t.word}' (a field with this name must be written in backquotes)`, t.at);
        this.k++;
        return { kind: 'field', name: t.word, at: t.at };
      }
      case 'op':
        if (t.op === '*') {
          this.k++;
          return { kind: 'star', at: t.at };
        }
        if (t.op === '(') {
          this.k++;
          const inner = this.expr();
          this.expectOp(')');
          return inner;
        }
        break;
      case 'end':
        break;
    }
    return this.fail(`unexpected ${describe(t)}`, t.at);
  }
  private call(name: string, at: number): OdsqlNode {
    this.k += 2;
    this.enter(at);
    const args: OdsqlNode[] = [];
    let distinct = false;
    if (this.isWord('distinct')) {
      distinct = true;
      this.k++;
    }
    if (!this.isOp(')')) {
      args.push(this.expr());
      while (this.isOp(',')) {
        this.k++;
        args.push(this.expr());
      }
    }
    this.expectOp(')');
    this.leave();
    return { kind: 'call', name: name.toLowerCase(), args, distinct, at };
  }

  /** `expr [AS alias]`, comma-separated */
  list(aliases: boolean): ListItem[] {
    const items: ListItem[] = [];
    for (;;) {
      const at = this.peek().at;
      const expr = this.expr();
      const text = this.text.slice(at, this.peek().at).trim();
      let alias: string | undefined;
      if (aliases && this.isWord('as')) {
        this.k++;
        const a = this.peek();
        if (a.t === 'word' && !RESERVED.has(a.word.toLowerCase())) alias = a.word;
        else if (a.t === 'quoted') alias = a.name;
        else this.fail(`expected an alias after AS but found ${describe(a)}`, a.at);
        this.k++;
      }
      items.push({ expr, text, at, ...(alias !== undefined ? { alias } : {}) });
      if (!this.isOp(',')) break;
      this.k++;
    }
    this.finish();
    return items;
  }

  /** `expr [ASC|DESC]`, comma-separated; a leading `-` is descending (the v2.0 form the client's README uses) */
  order(): OrderItem[] {
    const items: OrderItem[] = [];
    for (;;) {
      const at = this.peek().at;
      let expr = this.expr();
      const text = this.text.slice(at, this.peek().at).trim();
      let direction: 'asc' | 'desc' = 'asc';
      if (expr.kind === 'neg' && expr.operand.kind === 'field') {
        expr = expr.operand;
        direction = 'desc';
      }
      if (this.isWord('asc') || this.isWord('desc')) {
        direction = this.isWord('asc') ? 'asc' : 'desc';
        this.k++;
      }
      items.push({ expr, text: direction === 'desc' && text.startsWith('-') ? text.slice(1).trim() : text, direction, at });
      if (!this.isOp(',')) break;
      this.k++;
    }
    this.finish();
    return items;
  }
}

function parser(text: string, clause: Clause, maxDepth: number): Parser {
  const p = new Parser(text, clause, maxDepth);
  if (p.atEnd()) p.fail('empty clause', 0);
  return p;
}

export function parseWhere(text: string, maxDepth: number): OdsqlNode {
  const p = parser(text, 'where', maxDepth);
  const e = p.expr();
  p.finish();
  return e;
}

export const parseList = (text: string, clause: 'select' | 'group_by', maxDepth: number): ListItem[] => parser(text, clause, maxDepth).list(true);
export const parseOrderBy = (text: string, maxDepth: number): OrderItem[] => parser(text, 'order_by', maxDepth).order();
