/**
 * JSON.stringify's exact text, built in slices with the event loop let through between them, so
 * serializing one 40 MB answer does not stall every other request for half a second. Large arrays
 * (the rows of an answer) and the objects above them are walked here; everything smaller is handed
 * to JSON.stringify whole, which is what keeps this nearly as fast as one native call.
 */
import { SLICE_MS, SliceClock } from './slices.js';

/** Arrays shorter than this are serialized natively in one call. */
const BIG_ARRAY = 64;
/** Objects this deep or deeper are serialized natively (answers keep their rows near the top). */
const MAX_WALK_DEPTH = 6;

/** `undefined` where JSON.stringify would leave the value out (undefined, a function, a symbol). */
function prepared(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  return value;
}

/** Whether a big array sits within `levels` levels under `v` (only then is walking it worth its cost). */
function holdsBigArray(v: unknown, levels: number): boolean {
  if (Array.isArray(v)) return v.length >= BIG_ARRAY || (levels > 0 && v.some((x) => holdsBigArray(x, levels - 1)));
  if (v === null || typeof v !== 'object' || levels <= 0) return false;
  for (const key in v) if (holdsBigArray((v as Record<string, unknown>)[key], levels - 1)) return true;
  return false;
}

const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

export async function stringifyInSlices(value: unknown, sliceMs = SLICE_MS): Promise<string | undefined> {
  let parts: string[] = [];
  // each slice's pieces joined into one string before the yield: a 40 MB answer is then a few hundred
  // strings instead of millions, which is what kept the collector (and the final join) busy
  const slices: string[] = [];
  const clock = new SliceClock(sliceMs);
  const maybeYield = async (): Promise<void> => {
    if (!clock.due()) return;
    slices.push(parts.join(''));
    parts = [];
    await clock.pause();
  };
  const walk = async (v: unknown, depth: number): Promise<void> => {
    if (Array.isArray(v) && v.length >= BIG_ARRAY) {
      parts.push('[');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) parts.push(',');
        const item = prepared(v[i], String(i));
        if (omitted(item)) parts.push('null');
        else await walk(item, depth + 1);
        await maybeYield();
      }
      parts.push(']');
      return;
    }
    const plain = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
    if (plain && depth < MAX_WALK_DEPTH && holdsBigArray(v, 3)) {
      parts.push('{');
      let first = true;
      for (const key of Object.keys(v)) {
        const item = prepared((v as Record<string, unknown>)[key], key);
        if (omitted(item)) continue;
        parts.push(`${first ? '' : ','}${JSON.stringify(key)}:`);
        first = false;
        await walk(item, depth + 1);
      }
      parts.push('}');
      return;
    }
    parts.push(JSON.stringify(v) ?? 'null');
  };
  const top = prepared(value, '');
  if (omitted(top)) return undefined;
  await walk(top, 0);
  slices.push(parts.join(''));
  return slices.join('');
}
