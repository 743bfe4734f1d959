/**
 * Extraction functions → IR group keys where the IR holds Druid's meaning exactly: `identity` is
 * the column itself, `bucket` a histogram (Druid's floor((v - offset) / size) * size + offset is the
 * engine's histogram formula), `timeFormat` on __time a date-parts key (a pattern) or a calendar
 * bucket (a granularity, printed as ISO text). Each row's key is printed as Druid prints the
 * function's string output. Per-document string transforms (substring, regex, ...) have no IR
 * form yet: they are a 400 naming the function, never an approximate answer.
 */
import type { GroupKey, KeyValue, StringStep } from '../../src/ir/nodes.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { Dimension, DruidQuery, ExtractionFn } from './types.js';
import { column, timeField, type DruidContext } from './columns.js';
import { printInstant, simpleGranularity, timeKey } from './time.js';
import { parseJodaPattern, partsOfKey, printJoda } from './joda-pattern.js';

/** How a dimension with an extraction function is grouped and printed. */
export interface ExtractedDimension {
  /** undefined: the column is missing, every row's value is null */
  readonly key: GroupKey | undefined;
  /** the function's string output for a row's key value (null for no value) */
  readonly print: (v: KeyValue) => string | null;
  /** whether the printed text sorts as the key does (else the formatter orders by the text) */
  readonly ordered: boolean;
}

function unsupported(feature: string, at: string): never {
  throw new ProxyError({ kind: 'unsupported', feature, at: { pointer: at } });
}

const STRING_TRANSFORMS: Readonly<Record<string, string>> = {
  regex: 'regex', searchQuery: 'searchQuery', partial: 'partial',
};

/** A cascade without its identity steps; one step left is that step. */
export function simplify(fn: ExtractionFn): ExtractionFn {
  if (fn.type !== 'cascade') return fn;
  const steps = fn.fns.map(simplify).filter((f) => f.type !== 'identity');
  if (steps.length === 0) return { type: 'identity', at: fn.at };
  if (steps.length === 1) return steps[0] as ExtractionFn;
  return { type: 'cascade', fns: steps, at: fn.at };
}

/** The IR steps of a string transform (or a cascade of them); undefined when fn is none. */
function stringSteps(fn: ExtractionFn): StringStep[] | undefined {
  switch (fn.type) {
    case 'substring':
      if (fn.length === 0) unsupported('a substring extraction function of length 0', `${fn.at}/length`);
      return [{ kind: 'substring', index: fn.index, ...(fn.length !== undefined ? { length: fn.length } : {}) }];
    case 'strlen':
      return [{ kind: 'strlen' }];
    case 'upper':
    case 'lower':
      if (fn.locale !== undefined && !/^(en|root)([-_]|$)/i.test(fn.locale)) unsupported(`${fn.type} with locale '${fn.locale}' (case is mapped as in the root locale)`, `${fn.at}/locale`);
      return [{ kind: fn.type }];
    case 'cascade': {
      const all = fn.fns.map((f) => stringSteps(f) ?? unsupported(`the ${f.type} extraction function inside a cascade of string transforms`, `${f.at}/type`));
      return all.flat();
    }
    default:
      return undefined;
  }
}

/** Druid's bucket text: a whole number without a fraction, else Java's Double.toString. */
export function bucketText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1e7 || abs < 1e-3) {
    const [mant, exp] = n.toExponential().split('e') as [string, string];
    return `${mant.includes('.') ? mant : `${mant}.0`}E${Number(exp)}`;
  }
  return String(n);
}

function isTimeColumn(ctx: DruidContext, name: string): boolean {
  return name === '__time' || ctx.virtual?.get(name) === '__time' || (ctx.dataset.timeField !== undefined && column(ctx, name)?.path === ctx.dataset.timeField);
}

/** The key and printer of an `extraction` dimension; undefined for identity (a plain dimension). */
export function lowerExtraction(ctx: DruidContext, dim: Dimension, fn0: ExtractionFn): ExtractedDimension | undefined {
  const fn = simplify(fn0);
  const name = dim.outputName;
  const at = `${dim.at}/dimension`;
  const last = fn.type === 'cascade' ? (fn.fns[fn.fns.length - 1] as ExtractionFn) : fn;
  if (last.type === 'stringFormat') {
    const rest = fn.type === 'cascade' ? simplify({ type: 'cascade', fns: fn.fns.slice(0, -1), at: fn.at }) : undefined;
    return withFormat(ctx, dim, last, rest === undefined ? undefined : lowerExtraction(ctx, dim, rest));
  }
  switch (fn.type) {
    case 'identity':
      return undefined;
    case 'bucket': {
      const f = column(ctx, dim.dimension, at);
      if (f === undefined) return { key: undefined, print: () => null, ordered: true };
      if (f.category !== 'numeric') unsupported(`the bucket extraction function on the non-numeric column [${dim.dimension}]`, at);
      // an offset that is a whole number of sizes gives the same buckets as none
      const shift = ((fn.offset % fn.size) + fn.size) % fn.size;
      if (shift !== 0) unsupported('the bucket extraction function with an offset that is not a multiple of its size', `${fn.at}/offset`);
      return {
        key: { kind: 'histogram', name, field: f.path, interval: fn.size, missing: 'group', origin: dim.at },
        print: (v) => (v === null || v === undefined || !Number.isFinite(Number(v)) ? null : bucketText(Number(v))),
        // the reader's lexicographic order compares the numbers' text, as Druid compares the strings
        ordered: true,
      };
    }
    case 'timeFormat': {
      if (!isTimeColumn(ctx, dim.dimension)) unsupported(`the timeFormat extraction function on [${dim.dimension}]: only on __time`, at);
      if (fn.locale !== undefined && !/^en([-_]|$)/i.test(fn.locale)) unsupported(`timeFormat locale '${fn.locale}' (names are printed in English)`, `${fn.at}/locale`);
      const field = timeField(ctx);
      const g = fn.granularity === undefined ? { kind: 'none' as const } : simpleGranularity(fn.granularity);
      if (!g) return unsupported(`timeFormat granularity '${fn.granularity}' (use a simple granularity name)`, `${fn.at}/granularity`);
      if (g.kind === 'all') unsupported("timeFormat granularity 'all'", `${fn.at}/granularity`);
      if (fn.format === undefined) {
        const key = timeKey(g, name, field) as GroupKey;
        return { key: { ...key, origin: dim.at }, print: (v) => (v === null || v === undefined ? null : printInstant(Number(v), fn.timeZone)), ordered: fn.timeZone === 'UTC' };
      }
      if (g.kind !== 'none') unsupported('timeFormat with both a format and a granularity', `${fn.at}/granularity`);
      const p = parseJodaPattern(fn.format);
      if ('error' in p) return unsupported(`timeFormat format: ${p.error}`, `${fn.at}/format`);
      if (p.parts.length === 0) unsupported('a timeFormat format that prints no date field', `${fn.at}/format`);
      return {
        key: { kind: 'dateParts', name, field, parts: p.parts, timeZone: fn.timeZone, origin: dim.at },
        print: (v) => (v === null || v === undefined ? null : printJoda(p, partsOfKey(String(v), p.parts))),
        ordered: p.ordered,
      };
    }
    case 'substring':
    case 'strlen':
    case 'upper':
    case 'lower':
    case 'cascade': {
      const steps = stringSteps(fn) as StringStep[];
      const f = column(ctx, dim.dimension, at);
      if (f === undefined) return { key: undefined, print: () => null, ordered: true };
      if (f.category !== 'keyword') unsupported(`the ${fn.type} extraction function on the ${f.category} column [${dim.dimension}] (string columns only)`, at);
      return { key: { kind: 'stringTransform', name, field: f.path, steps, origin: dim.at }, print: (v) => (v === null || v === undefined ? null : String(v)), ordered: true };
    }
    default:
      return unsupported(`the ${STRING_TRANSFORMS[fn.type] ?? fn.type} extraction function (a per-document string transform) on a dimension`, `${fn.at}/type`);
  }
}

/**
 * Whether the formatter must put the rows in Druid's order by the printed text (a dimension whose
 * text does not sort as its key, such as `H` printing 10 before 9). That is only possible when
 * every row is answered in the natural order; a limit, an offset or an ordering by such a
 * dimension would cut or order by the key instead, so it is a 400 naming the dimension.
 */
export function orderCheck(q: DruidQuery, dims: readonly { readonly dim: Dimension; readonly extracted?: ExtractedDimension }[]): boolean {
  const unordered = dims.filter((d) => {
    const e = d.extracted;
    if (!e || !e.key) return false;
    // a number read from a multi-field key does not compare as the printed number
    const multi = e.key.kind === 'dateParts' && e.key.parts.length > 1;
    return !e.ordered || (d.dim.outputType !== 'STRING' && multi);
  });
  if (unordered.length === 0) return false;
  const first = unordered[0] as { dim: Dimension };
  const refuse = (why: string): never => unsupported(`${why} with the dimension [${first.dim.outputName}], whose extracted text does not sort as its time fields`, first.dim.at);
  if (q.queryType === 'topN') {
    if (q.metric.type !== 'numeric' && !(q.metric.type === 'inverted' && q.metric.metric.type === 'numeric')) refuse('a topN ordered by the dimension');
    // ties of a numeric topN metric are ordered by the key; Druid's topN leaves their order open
    return false;
  }
  if (q.queryType !== 'groupBy') return false;
  if (q.limitSpec.limit !== null || q.limitSpec.offset !== 0 || q.limitSpec.columns.length > 0) refuse('a limitSpec (limit, offset or columns)');
  if (q.subtotalsSpec) refuse('a subtotalsSpec');
  return true;
}

/** An extracted dimension's value: the function's text, converted to the spec's outputType. */
export function extractedValue(e: ExtractedDimension, v: KeyValue, outputType: Dimension['outputType']): string | number | null {
  const s = e.print(v);
  if (s === null || outputType === 'STRING') return s;
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n)) return null;
  return outputType === 'LONG' ? Math.trunc(n) : outputType === 'FLOAT' ? Math.fround(n) : n;
}

type Cell = string | number | null | undefined;

/** Druid's natural groupBy order over printed rows: time, then each dimension, nulls first. */
export function druidOrder(dims: readonly { readonly dim: Dimension }[], dimsFirst: boolean): (a: { t: number; d: Record<string, unknown> }, b: { t: number; d: Record<string, unknown> }) => number {
  const cmp = (x: Cell, y: Cell, numeric: boolean): number => {
    if (x === null || x === undefined || y === null || y === undefined) return x === y || (x == null && y == null) ? 0 : x == null ? -1 : 1;
    if (numeric) return Number(x) - Number(y);
    const a = String(x);
    const b = String(y);
    return a < b ? -1 : a > b ? 1 : 0;
  };
  return (a, b) => {
    const byDims = (): number => {
      for (const { dim } of dims) {
        const c = cmp(a.d[dim.outputName] as Cell, b.d[dim.outputName] as Cell, dim.outputType !== 'STRING');
        if (c !== 0) return c;
      }
      return 0;
    };
    return dimsFirst ? byDims() || a.t - b.t : a.t - b.t || byDims();
  };
}

/**
 * `stringFormat` with one `%s` (Java's String.format of the value): a prefix and a suffix around
 * the text, which keeps distinct values distinct, so the groups are the inner ones, printed anew.
 * `nullHandling` says what a null prints as: `"null"`, `""` or null.
 */
function withFormat(ctx: DruidContext, dim: Dimension, fn: Extract<ExtractionFn, { type: 'stringFormat' }>, inner: ExtractedDimension | undefined): ExtractedDimension {
  const pieces: string[] = [''];
  let holes = 0;
  for (let i = 0; i < fn.format.length; i++) {
    const c = fn.format[i] as string;
    if (c !== '%') {
      pieces[pieces.length - 1] += c;
      continue;
    }
    const next = fn.format[i + 1];
    i++;
    if (next === '%') pieces[pieces.length - 1] += '%';
    else if (next === 'n') pieces[pieces.length - 1] += '\n';
    else if (next === 's') {
      holes++;
      pieces.push('');
    } else unsupported(`stringFormat format '${fn.format}': only %s, %% and %n are supported`, `${fn.at}/format`);
  }
  if (holes !== 1) unsupported(`stringFormat format '${fn.format}': it must have exactly one %s`, `${fn.at}/format`);
  const [prefix, suffix] = pieces as [string, string];
  const wrap = (s: string | null): string | null =>
    s !== null ? prefix + s + suffix : fn.nullHandling === 'nullString' ? `${prefix}null${suffix}` : fn.nullHandling === 'emptyString' ? prefix + suffix : null;
  // text order is the key's when nothing follows the value and null stays null (first)
  const keeps = suffix === '' && fn.nullHandling === 'returnNull';
  if (inner) return { key: inner.key, print: (v) => wrap(inner.print(v)), ordered: inner.ordered && keeps };
  const f = column(ctx, dim.dimension, `${dim.at}/dimension`);
  if (f === undefined) return { key: undefined, print: () => wrap(null), ordered: true };
  if (f.category !== 'keyword') unsupported(`the stringFormat extraction function on the ${f.category} column [${dim.dimension}] (string columns only)`, `${dim.at}/dimension`);
  return {
    key: { kind: 'terms', name: dim.outputName, field: f.path, missing: 'group', origin: dim.at },
    print: (v) => wrap(v === null || v === undefined ? null : String(v)),
    ordered: keeps,
  };
}
