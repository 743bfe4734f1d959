/**
 * Nesting depth of a JSON text, measured on the raw text before it is parsed: a body nested
 * 100,000 deep must be refused before anything (JSON.parse, a dialect's recursive parser) walks it.
 * One forward scan counting `[` and `{` outside strings; it stops at the first container past the
 * bound, so its memory is bounded by the bound, not by the input. It does not validate JSON
 * (JSON.parse does that next): on malformed text it only has to terminate.
 */
import { pointer } from '../errors/proxy-error.js';
import { limitError } from './refuse.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Where the first container deeper than `maxDepth` opens: its JSON Pointer and offset in the text. */
export interface DepthViolation {
  readonly pointer: string;
  readonly offset: number;
}

/** The first container nested deeper than `maxDepth` (`{}` is depth 1), or undefined. */
export function findDepthViolation(text: string, maxDepth: number): DepthViolation | undefined {
  // one entry per open container: whether it is an object, its current key (as text offsets) or index
  const isObject: boolean[] = [];
  const keyStart: number[] = [];
  const keyEnd: number[] = [];
  const index: number[] = [];
  const expectKey: boolean[] = [];
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === BACKSLASH) j += 2;
        else if (d === QUOTE) break;
        else j++;
      }
      const top = depth - 1;
      if (top >= 0 && isObject[top] && expectKey[top]) {
        keyStart[top] = i;
        keyEnd[top] = Math.min(j + 1, n);
      }
      i = j;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (depth >= maxDepth) return { pointer: pathOf(text, depth, isObject, keyStart, keyEnd, index), offset: i };
      isObject[depth] = c === OPEN_OBJECT;
      expectKey[depth] = c === OPEN_OBJECT;
      keyStart[depth] = -1;
      keyEnd[depth] = -1;
      index[depth] = 0;
      depth++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth > 0) depth--;
    } else if (c === COMMA && depth > 0) {
      const top = depth - 1;
      if (isObject[top]) expectKey[top] = true;
      else index[top] = (index[top] ?? 0) + 1;
    } else if (c === COLON && depth > 0) {
      expectKey[depth - 1] = false;
    }
  }
  return undefined;
}

function pathOf(text: string, depth: number, isObject: boolean[], keyStart: number[], keyEnd: number[], index: number[]): string {
  const segments: (string | number)[] = [];
  for (let k = 0; k < depth; k++) {
    if (!isObject[k]) segments.push(index[k] ?? 0);
    else segments.push(keyText(text, keyStart[k] ?? -1, keyEnd[k] ?? -1));
  }
  return pointer(...segments);
}

function keyText(text: string, start: number, end: number): string {
  if (start < 0) return '';
  const literal = text.slice(start, end);
  try {
    const key: unknown = JSON.parse(literal);
    return typeof key === 'string' ? key : literal;
  } catch {
    return literal.slice(1, -1);
  }
}

/** Refuses a JSON text nested deeper than `limits.maxDepth`, naming where. */
export function assertJsonDepth(text: string, maxDepth: number): void {
  const v = findDepthViolation(text, maxDepth);
  if (v) throw limitError('maxDepth', maxDepth, `JSON nested deeper than ${maxDepth} levels at character ${v.offset + 1}`, { pointer: v.pointer });
}
