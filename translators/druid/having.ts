/** Druid having specs → IR row predicates, evaluated on result rows before the limitSpec. */
import type { RowPredicate } from '../../src/ir/nodes.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { Filter, Having } from './types.js';
import { timeRowFilter, type RowTime } from './having-time.js';
import { refuseRowExtraction } from './extraction-filter.js';

export function lowerHaving(h: Having, columns: ReadonlySet<string>, time: RowTime): RowPredicate {
  const known = (name: string, at: string): string => {
    if (!columns.has(name)) throw new ProxyError({ kind: 'invalid_query', message: `having refers to unknown column [${name}]`, at: { pointer: at } });
    return name;
  };
  switch (h.type) {
    case 'greaterThan':
    case 'lessThan':
    case 'equalTo':
      return { kind: 'compare', column: known(h.aggregation, `${h.at}/aggregation`), op: h.type === 'greaterThan' ? 'gt' : h.type === 'lessThan' ? 'lt' : 'eq', value: h.value };
    case 'and':
    case 'or':
      return { kind: h.type, operands: h.havingSpecs.map((x) => lowerHaving(x, columns, time)) };
    case 'not':
      return { kind: 'not', operand: lowerHaving(h.havingSpec, columns, time) };
    case 'dimSelector':
      return { kind: 'compare', column: known(h.dimension, `${h.at}/dimension`), op: 'eq', value: h.value };
    case 'filter':
      return rowFilter(h.filter, columns, `${h.at}/filter`, time);
  }
}

/** A Druid filter run on a result row (the `filter` having): columns are the row's outputs. */
function rowFilter(f: Filter, columns: ReadonlySet<string>, at: string, time: RowTime): RowPredicate {
  refuseRowExtraction(f);
  // `__time` is the row's bucket start (an output name cannot be __time: lower.ts refuses it)
  if ('dimension' in f && f.dimension === '__time') return timeRowFilter(f, time);
  const col = (name: string, p: string): string => {
    if (!columns.has(name)) throw new ProxyError({ kind: 'invalid_query', message: `having filter refers to unknown column [${name}]`, at: { pointer: p } });
    return name;
  };
  const typed = (v: string): string | number => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);
  switch (f.type) {
    case 'true':
      return { kind: 'and', operands: [] };
    case 'false':
      return { kind: 'or', operands: [] };
    case 'and':
    case 'or':
      return { kind: f.type, operands: f.fields.map((x, i) => rowFilter(x, columns, `${at}/fields/${i}`, time)) };
    case 'not':
      return { kind: 'not', operand: rowFilter(f.field, columns, `${at}/field`, time) };
    case 'selector':
      return { kind: 'compare', column: col(f.dimension, `${f.at}/dimension`), op: 'eq', value: f.value === null ? null : typed(f.value) };
    case 'in':
      return { kind: 'or', operands: f.values.map((v) => ({ kind: 'compare', column: col(f.dimension, `${f.at}/dimension`), op: 'eq', value: v === null ? null : typed(v) })) };
    case 'bound': {
      const c = col(f.dimension, `${f.at}/dimension`);
      const v = (x: string) => (f.ordering === 'numeric' ? Number(x) : x);
      const parts: RowPredicate[] = [];
      if (f.lower !== undefined) parts.push({ kind: 'compare', column: c, op: f.lowerStrict ? 'gt' : 'gte', value: v(f.lower) });
      if (f.upper !== undefined) parts.push({ kind: 'compare', column: c, op: f.upperStrict ? 'lt' : 'lte', value: v(f.upper) });
      return { kind: 'and', operands: parts };
    }
    default:
      throw new ProxyError({ kind: 'unsupported', feature: `a '${f.type}' filter inside a having spec`, at: { pointer: at } });
  }
}
