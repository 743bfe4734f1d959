/**
 * Result tables → the aggregate response: `{"links": [self, dataset], "aggregations": {name: [rows]}}`,
 * each row the group values (under the group_by names) then the aggregates (under their names),
 * numbers as JSON numbers, PERCENTILES as a map keyed by percent in the order asked.
 */
import type { KeyValue, MetricValue } from '../../src/ir/nodes.js';
import type { ResultTable } from '../../src/ir/result.js';
import { JsonText } from '../../src/dialect/json-text.js';
import { formatJoda, partsOfInstant, partsOfKey } from './joda.js';
import { isoDate } from './dates.js';
import type { AggregationShape, GroupShape, OutputShape } from './lower.js';

/** A JSON value whose objects keep their key order (Map) when serialized by `encode`. */
type Json = string | number | boolean | null | readonly Json[] | ReadonlyMap<string, Json>;

export interface Links {
  readonly self: string;
  readonly dataset: string;
}


function groupValue(g: GroupShape, v: KeyValue): Json {
  if (v === null) return null;
  switch (g.kind) {
    case 'field':
      return g.date && typeof v === 'number' ? isoDate(v) : v;
    case 'calendar':
      return formatJoda(g.pattern, partsOfInstant(Number(v)));
    case 'parts':
      return formatJoda(g.pattern, partsOfKey(String(v), g.pattern.parts));
    case 'range':
      return g.labels.get(Number(v)) ?? null;
  }
}

/** Percent keys as the shortest number (`50`, `99.9`), matched to the engine's (`50.0`) by value. */
function outputValue(o: OutputShape, v: MetricValue | undefined): Json {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const byValue = new Map<number, number | null>();
  for (const [k, x] of Object.entries(v)) byValue.set(Number(k), x);
  return new Map((o.percents ?? [...byValue.keys()]).map((p) => [String(p), byValue.get(p) ?? null]));
}

export function formatResponse(shapes: readonly AggregationShape[], tables: readonly ResultTable[], links: Links): JsonText {
  const aggregations = new Map<string, Json>();
  shapes.forEach((shape, i) => {
    const table = tables[i];
    const rows = (table?.rows ?? []).map((r) => {
      const row = new Map<string, Json>();
      for (const g of shape.groups) row.set(g.name, groupValue(g, r.keys[g.column] ?? null));
      for (const o of shape.outputs) row.set(o.name, outputValue(o, r.values[o.column]));
      return row;
    });
    aggregations.set(shape.name, rows);
  });
  const body = new Map<string, Json>([
    ['links', [new Map([['rel', 'self'], ['href', links.self]]), new Map([['rel', 'dataset'], ['href', links.dataset]])]],
    ['aggregations', aggregations],
  ]);
  return new JsonText(encode(body));
}

export function encode(v: Json): string {
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${JSON.stringify(k)}:${encode(x)}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(encode).join(',')}]`;
  return JSON.stringify(v);
}
