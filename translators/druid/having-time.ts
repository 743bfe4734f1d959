/**
 * `__time` in a having `filter`: the row's bucket start in epoch milliseconds, as Druid's
 * DimFilterHavingSpec reads it. Under granularity `all` there is no bucket key: every row carries the
 * first interval's start, so the filter is decided here, once, for all rows.
 */
import type { RowPredicate } from '../../src/ir/nodes.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { Filter } from './types.js';

/** Where a row's time is: its bucket key, or one instant for every row. */
export type RowTime = { readonly column: string } | { readonly constant: number };

const TRUE: RowPredicate = { kind: 'and', operands: [] };
const FALSE: RowPredicate = { kind: 'or', operands: [] };
type Op = 'eq' | 'gt' | 'lt' | 'gte' | 'lte';

/** A time as Druid reads a filter value on a long column: a whole number, else it matches no row. */
const millis = (v: string | null): number | undefined => (v !== null && /^\s*[+-]?\d+\s*$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : undefined);

function compare(time: RowTime, op: Op, value: number): RowPredicate {
  if ('column' in time) return { kind: 'compare', column: time.column, op, value };
  const t = time.constant;
  const holds = op === 'eq' ? t === value : op === 'gt' ? t > value : op === 'gte' ? t >= value : op === 'lt' ? t < value : t <= value;
  return holds ? TRUE : FALSE;
}

const all = (parts: RowPredicate[]): RowPredicate => ({ kind: 'and', operands: parts });
const any = (parts: RowPredicate[]): RowPredicate => ({ kind: 'or', operands: parts });

export function timeRowFilter(f: Extract<Filter, { dimension: string }>, time: RowTime): RowPredicate {
  switch (f.type) {
    case 'selector': {
      const v = millis(f.value);
      return v === undefined ? FALSE : compare(time, 'eq', v);
    }
    case 'in':
      return any(f.values.map(millis).filter((v): v is number => v !== undefined).map((v) => compare(time, 'eq', v)));
    case 'interval':
      return any(f.intervals.map((iv) => all([compare(time, 'gte', iv.start), compare(time, 'lt', iv.end)])));
    case 'bound': {
      if (f.ordering !== 'numeric') {
        throw new ProxyError({ kind: 'unsupported', feature: `a ${f.ordering} bound on __time in a having filter: use ordering numeric`, at: { pointer: `${f.at}/ordering` } });
      }
      const parts: RowPredicate[] = [];
      for (const [raw, strict, side] of [[f.lower, f.lowerStrict, 'lower'], [f.upper, f.upperStrict, 'upper']] as const) {
        if (raw === undefined) continue;
        const n = Number(raw);
        if (raw.trim() === '' || Number.isNaN(n)) return FALSE;
        parts.push(compare(time, side === 'lower' ? (strict ? 'gt' : 'gte') : strict ? 'lt' : 'lte', n));
      }
      return all(parts);
    }
    default:
      throw new ProxyError({ kind: 'unsupported', feature: `a '${f.type}' filter on __time inside a having spec: use selector, in, bound or interval`, at: { pointer: `${f.at}/dimension` } });
  }
}
