/** Row comparators for the IR's ordering rules. */
import type { KeyValue, MetricValue, OrderItem } from '../ir/nodes.js';
import type { ResultRow } from '../ir/result.js';
import { COUNT_COLUMN } from '../ir/names.js';

type Cell = KeyValue | MetricValue | undefined;

export function cellOf(row: ResultRow, column: string, part?: string): Cell {
  if (column === COUNT_COLUMN) return row.count;
  if (column in row.keys) return row.keys[column];
  const v = row.values[column];
  if (part === undefined || v === null || v === undefined || typeof v !== 'object') return v;
  return v[part] ?? null;
}

/** Compares strings by Unicode code point, which is the UTF-8 byte order ES sorts terms in. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function numeric(v: Cell): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return null;
}

/** Natural-order comparison: nulls first, numbers numerically, strings by code point. */
export function compareNatural(a: Cell, b: Cell): number {
  const an = a === null || a === undefined || typeof a === 'object';
  const bn = b === null || b === undefined || typeof b === 'object';
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return compareCodePoints(String(a), String(b));
}

/** Splits "a10b2" into ["a", 10, "b", 2] for alphanumeric order. */
function chunks(s: string): (string | number)[] {
  return (s.match(/\d+|\D+/g) ?? []).map((c) => (/^\d/.test(c) ? Number(c) : c));
}

function compareBy(mode: OrderItem['compare'], a: Cell, b: Cell): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull && bNull ? 0 : aNull ? -1 : 1;
  switch (mode) {
    case 'natural':
      return compareNatural(a, b);
    case 'lexicographic':
      return compareCodePoints(String(a), String(b));
    case 'numeric': {
      const x = numeric(a);
      const y = numeric(b);
      if (x === null || y === null) return x === null && y === null ? compareCodePoints(String(a), String(b)) : x === null ? -1 : 1;
      return x - y;
    }
    case 'strlen':
      return String(a).length - String(b).length || compareCodePoints(String(a), String(b));
    case 'alphanumeric': {
      const x = chunks(String(a));
      const y = chunks(String(b));
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const p = x[i] as string | number;
        const q = y[i] as string | number;
        if (typeof p === 'number' && typeof q === 'number') {
          if (p !== q) return p - q;
        } else {
          const c = compareCodePoints(String(p), String(q));
          if (c !== 0) return c;
        }
      }
      return x.length - y.length;
    }
  }
}

export function rowComparator(order: readonly OrderItem[]): (a: ResultRow, b: ResultRow) => number {
  return (a, b) => {
    for (const o of order) {
      const x = cellOf(a, o.column, o.part);
      const y = cellOf(b, o.column, o.part);
      if (o.nulls === 'last') {
        // placed before the direction applies: last whether ascending or descending
        const xn = x === null || x === undefined;
        const yn = y === null || y === undefined;
        if (xn !== yn) return xn ? 1 : -1;
      }
      const c = compareBy(o.compare, x, y);
      if (c !== 0) return o.direction === 'asc' ? c : -c;
    }
    return 0;
  };
}
