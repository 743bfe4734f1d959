/**
 * Group keys → composite sources (open keys: terms, histogram, date histogram) or a fixed list of
 * bucket predicates (ranges, filters), asked as buckets of one `filters` aggregation (fixed-scans.ts), so every grouping stays exact
 * and needs no script.
 */
import type { GroupKey, KeyValue, Predicate, CalendarUnit } from '../ir/nodes.js';
import type { KeyPlan } from './plan.js';
import { resolveIndexField } from '../ir/field-resolver.js';
import { compilePredicate } from './predicates.js';
import { isVirtual, rangeQuery, requireScripts, valueSource, type FieldScope } from './value-source.js';
import { datePartsScript, stringStepsScript } from './value-script.js';

const CALENDAR: Record<CalendarUnit, string> = {
  minute: '1m',
  hour: '1h',
  day: '1d',
  week: '1w',
  month: '1M',
  quarter: '1q',
  year: '1y',
};

export interface OpenKey {
  readonly plan: KeyPlan;
  readonly source: Record<string, unknown>;
}

export interface FixedKey {
  readonly name: string;
  readonly buckets: readonly { readonly value: KeyValue; readonly query: Record<string, unknown> }[];
}

export type CompiledKey = { readonly open: OpenKey } | { readonly fixed: FixedKey };

export function compileKey(k: GroupKey, sourceName: string, scope: FieldScope): CompiledKey {
  const { schema } = scope;
  switch (k.kind) {
    case 'terms': {
      if (isVirtual(scope, k.field)) {
        return {
          open: {
            plan: { name: k.name, source: sourceName, decode: 'number' },
            source: { terms: { ...valueSource(scope, k.field, 'numeric', k.origin), value_type: 'double', missing_bucket: k.missing === 'group' } },
          },
        };
      }
      const f = resolveIndexField(schema, k.field, 'group', k.origin);
      const decode = f.category === 'boolean' ? 'boolean' : 'raw';
      return {
        open: {
          plan: { name: k.name, source: sourceName, decode },
          source: { terms: { field: f.target, missing_bucket: k.missing === 'group' } },
        },
      };
    }
    case 'histogram': {
      return {
        open: {
          plan: { name: k.name, source: sourceName, decode: 'number' },
          source: { histogram: { ...valueSource(scope, k.field, 'numeric', k.origin), interval: k.interval, missing_bucket: k.missing === 'group' } },
        },
      };
    }
    case 'dateHistogram': {
      const f = resolveIndexField(schema, k.field, 'date', k.origin);
      const interval =
        'calendar' in k.interval ? { calendar_interval: CALENDAR[k.interval.calendar] } : { fixed_interval: `${k.interval.fixedMs}ms` };
      return {
        open: {
          plan: { name: k.name, source: sourceName, decode: 'number' },
          source: {
            date_histogram: {
              field: f.target,
              ...interval,
              time_zone: k.timeZone,
              ...(k.offsetMs ? { offset: `${k.offsetMs > 0 ? '+' : ''}${k.offsetMs}ms` } : {}),
              missing_bucket: k.missing === 'group',
            },
          },
        },
      };
    }
    case 'ranges':
      return { fixed: { name: k.name, buckets: k.ranges.map((r) => ({ value: r.key, query: rangeQuery(scope, k.field, r, k.origin) })) } };
    case 'dateParts': {
      requireScripts(scope.caps, `grouping '${k.name}' by calendar fields that are not a calendar interval`, k.origin);
      const f = resolveIndexField(schema, k.field, 'date', k.origin);
      return {
        open: {
          plan: { name: k.name, source: sourceName, decode: 'raw' },
          source: { terms: { script: datePartsScript(f.target, k.parts, k.timeZone), missing_bucket: false } },
        },
      };
    }
    case 'stringTransform': {
      requireScripts(scope.caps, `grouping '${k.name}' by transformed text (a per-document string transform)`, k.origin);
      const f = resolveIndexField(schema, k.field, 'group', k.origin);
      return {
        open: {
          plan: { name: k.name, source: sourceName, decode: 'raw' },
          source: { terms: { script: stringStepsScript(f.target, k.steps), missing_bucket: true } },
        },
      };
    }
    case 'filters':
      return {
        fixed: {
          name: k.name,
          buckets: k.buckets.map((b) => ({ value: b.key, query: compilePredicate(b.filter satisfies Predicate, schema) })),
        },
      };
  }
}

/** Every combination of one bucket per fixed key (the cartesian product), in key order. */
export function fixedCombinations(keys: readonly FixedKey[]): { values: Record<string, KeyValue>; queries: Record<string, unknown>[] }[] {
  let combos: { values: Record<string, KeyValue>; queries: Record<string, unknown>[] }[] = [{ values: {}, queries: [] }];
  for (const k of keys) {
    combos = combos.flatMap((c) =>
      k.buckets.map((b) => ({ values: { ...c.values, [k.name]: b.value }, queries: [...c.queries, b.query] })),
    );
  }
  return combos;
}
