/** Result table → rows keyed by response key (alias or function name), as Nue answers them. */
import type { KeyValue } from '../../src/ir/nodes.js';
import type { ResultTable } from '../../src/ir/result.js';
import type { NuePlan } from './lower.js';

export type NueRow = Record<string, KeyValue>;

export function formatRows(table: ResultTable, plan: NuePlan): NueRow[] {
  return table.rows.map((row) => {
    const out: NueRow = {};
    for (const o of plan.outputs) {
      if (o.kind === 'typename') out[o.key] = o.value;
      else if (o.kind === 'group') {
        const v = row.keys[o.field.info.path] ?? row.keys[o.field.name] ?? null;
        out[o.key] = o.field.info.category === 'date' && typeof v === 'number' ? new Date(v).toISOString() : v;
      } else {
        const v = row.values[o.column];
        const value = o.part === undefined ? v : v && typeof v === 'object' ? (v[o.part] ?? null) : null;
        out[o.key] = typeof value === 'number' || value === null ? value : null;
      }
    }
    return out;
  });
}
