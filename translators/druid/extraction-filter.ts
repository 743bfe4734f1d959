/**
 * Filters with an `extractionFn`: `identity` is the plain filter; a `bucket` under `selector` or `in`
 * matches the documents whose bucket prints as one of the values (a range per value: a value that is
 * not a bucket's text, as Druid prints it, matches nothing); a null value matches the documents
 * without the column. Any other combination is a 400 naming the function, never the plain filter.
 */
import type { Predicate } from '../../src/ir/nodes.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { any, comparison, negate, type Truth } from '../../src/ir/three-valued.js';
import type { Filter } from './types.js';
import { column, type DruidContext } from './columns.js';
import { bucketText, simplify } from './extraction.js';

function unsupported(feature: string, at: string): never {
  throw new ProxyError({ kind: 'unsupported', feature, at: { pointer: at } });
}

/** The filter's truth under its extraction function; undefined when the function is identity. */
export function extractionTruth(ctx: DruidContext, f: Filter): Truth | undefined {
  if (!('extractionFn' in f) || f.extractionFn === undefined) return undefined;
  const fn = simplify(f.extractionFn);
  if (fn.type === 'identity') return undefined;
  if (fn.type !== 'bucket' || (f.type !== 'selector' && f.type !== 'in')) return unsupported(`the ${fn.type} extraction function on a ${f.type} filter`, `${fn.at}/type`);
  const col = column(ctx, f.dimension, `${f.at}/dimension`);
  const values = f.type === 'selector' ? [f.value] : f.values;
  if (!col) return values.includes(null) ? { yes: { kind: 'all' }, no: { kind: 'none' } } : { yes: { kind: 'none' }, no: { kind: 'none' } };
  if (col.category !== 'numeric') unsupported(`the bucket extraction function on the non-numeric column [${f.dimension}]`, `${f.at}/dimension`);
  const ranges: Predicate[] = [];
  for (const v of values) {
    if (v === null) continue;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) continue;
    const start = Math.floor((n - fn.offset) / fn.size) * fn.size + fn.offset;
    // Druid compares the printed bucket with the value's text: "1200.0" is no bucket's text
    if (bucketText(start) !== v) continue;
    ranges.push({ kind: 'range', field: col.path, gte: start, lt: start + fn.size, origin: `${f.at}/dimension` });
  }
  const some = comparison(ranges.length === 0 ? { kind: 'none' } : any(...ranges), col.path);
  if (!values.includes(null)) return some;
  const missing = negate({ kind: 'exists', field: col.path });
  return { yes: any(some.yes, missing), no: some.no };
}

/** A having filter compares the row's printed columns: an extractionFn there (but identity) is a 400. */
export function refuseRowExtraction(f: Filter): void {
  if (!('extractionFn' in f) || f.extractionFn === undefined) return;
  const fn = simplify(f.extractionFn);
  if (fn.type !== 'identity') unsupported(`the ${fn.type} extraction function on a having filter`, `${fn.at}/type`);
}
