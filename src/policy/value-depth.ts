/**
 * Nesting depth of a raw JSON body, measured without recursion so that a 5,000-deep body costs a
 * loop, not a stack overflow. An object is one level; a list that is an object's value belongs to
 * that object's level (`{"type":"and","fields":[…]}` is one filter level), a list inside a list adds one.
 * Answers the JSON Pointer of the first part that is deeper than `max`, or undefined.
 */
import { pointer } from '../errors/proxy-error.js';

interface Frame {
  readonly value: object;
  readonly depth: number;
  readonly parent: Frame | undefined;
  readonly key: string | number;
}

export function tooDeepAt(body: unknown, max: number): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const stack: Frame[] = [{ value: body, depth: 1, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const f = stack.pop() as Frame;
    if (f.depth > max) return pointerOf(f);
    const isList = Array.isArray(f.value);
    const entries: [string | number, unknown][] = isList ? (f.value as unknown[]).map((v, i) => [i, v]) : Object.entries(f.value);
    for (const [key, v] of entries) {
      if (typeof v !== 'object' || v === null) continue;
      const depth = Array.isArray(v) && !isList ? f.depth : f.depth + 1;
      stack.push({ value: v, depth, parent: f, key });
    }
  }
  return undefined;
}

function pointerOf(f: Frame): string {
  const keys: (string | number)[] = [];
  for (let x: Frame | undefined = f; x?.parent; x = x.parent) keys.push(x.key);
  return pointer(...keys.reverse());
}
