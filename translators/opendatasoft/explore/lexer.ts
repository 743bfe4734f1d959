/**
 * ODSQL tokens with their offsets. Keywords are case-insensitive (the reference: "the whole query
 * language is case insensitive"); a field named like a keyword or made of digits is backquoted.
 * Strings take single or double quotes; a doubled quote or a backslash escapes the quote.
 */
import { OdsqlError, type Clause, type Offset } from './ast.js';
import { readQuoted } from '../quoted.js';

export type Token =
  | { readonly t: 'number'; readonly value: number; readonly text: string; readonly at: Offset }
  | { readonly t: 'word'; readonly word: string; readonly at: Offset }
  | { readonly t: 'quoted'; readonly name: string; readonly at: Offset }
  | { readonly t: 'string'; readonly value: string; readonly at: Offset }
  | { readonly t: 'op'; readonly op: string; readonly at: Offset }
  | { readonly t: 'end'; readonly at: Offset };

const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
// longest first: `<=` before `<`, `..` before `.`
const OPS = ['<=', '>=', '!=', '<>', '..', '(', ')', '[', ']', ',', '=', '<', '>', '+', '-', '*', '/', '%', ':'];

export function tokenize(text: string, clause: Clause): Token[] {
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
    // `1..10`: the number stops before the range operator
    if (num && !(num[0].endsWith('.') && text[i + num[0].length] === '.')) {
      const value = Number(num[0]);
      if (!Number.isFinite(value)) throw new OdsqlError(`number ${num[0].slice(0, 24)} is out of range`, clause, at);
      out.push({ t: 'number', value, text: num[0], at });
      i += num[0].length;
      continue;
    }
    if (num) {
      const whole = num[0].slice(0, -1);
      out.push({ t: 'number', value: Number(whole), text: whole, at });
      i += whole.length;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    if (word) {
      out.push({ t: 'word', word: word[0], at });
      i += word[0].length;
      continue;
    }
    if (c === '`' || c === "'" || c === '"') {
      const q = readQuoted(text, i, true);
      if (!q) throw new OdsqlError(c === '`' ? 'unterminated quoted field name' : 'unterminated string', clause, at);
      out.push(c === '`' ? { t: 'quoted', name: q.value, at } : { t: 'string', value: q.value, at });
      i = q.end;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op) {
      out.push({ t: 'op', op: op === '<>' ? '!=' : op, at });
      i += op.length;
      continue;
    }
    throw new OdsqlError(`unexpected character '${c}'`, clause, at);
  }
  out.push({ t: 'end', at: text.length });
  return out;
}

export function describe(t: Token): string {
  switch (t.t) {
    case 'number':
      return `number ${t.text}`;
    case 'word':
      return `'${t.word}'`;
    case 'quoted':
      return `\`${t.name}\``;
    case 'string':
      return 'a string';
    case 'op':
      return `'${t.op}'`;
    case 'end':
      return 'end of clause';
  }
}
