/**
 * Which chart a table makes: lines when it is a time series (a date column with more than one
 * value), one line per metric, or per group for the first metric when the rows are also grouped;
 * bars otherwise, one bar per group (or per metric for a single summary row). A series ten times
 * smaller than the largest is drawn against a right-hand axis.
 */
import type { Cell, Table } from './tables.js';

export interface Series {
  readonly name: string;
  readonly values: readonly (number | null)[];
  /** a series ten times smaller than the largest is drawn against a right-hand axis of its own */
  readonly axis: 'left' | 'right';
}

export interface ChartSpec {
  readonly type: 'bar' | 'line';
  readonly labels: readonly string[];
  readonly series: readonly Series[];
  /** the numeric columns that can be charted (what `only` may name) */
  readonly metrics: readonly string[];
}

const MAX_METRICS = 4;
const MAX_GROUPS = 8;
/** the dialects' row counts, a poorer line than a measure when there is one */
const COUNTS = new Set(['frequency', 'count', 'rows', '_count']);

/** ISO-8601 dates and times, and the coarser `2019-01` / `2019` keys of calendar groupings */
const DATE = /^\d{4}-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?$/;

type Kind = 'number' | 'date' | 'text' | 'empty';

function kindOf(values: readonly Cell[]): Kind {
  const present = values.filter((v) => v !== null);
  if (present.length === 0) return 'empty';
  if (present.every((v) => typeof v === 'number')) return 'number';
  if (present.every((v) => typeof v === 'string' && DATE.test(v))) return 'date';
  return 'text';
}

const label = (v: Cell): string => (v === null ? '(null)' : v === '' ? '(empty)' : String(v));
const num = (v: Cell | undefined): number | null => (typeof v === 'number' ? v : null);

/** The chart of a table; `only` names the one metric to draw (all of them, up to a few, without it). */
export function chartSpec(t: Table, only?: string): ChartSpec | undefined {
  const spec = shape(t, only);
  if (!spec) return undefined;
  const peak = (s: Omit<Series, 'axis'>): number => Math.max(0, ...s.values.map((v) => Math.abs(v ?? 0)));
  const top = Math.max(...spec.series.map(peak));
  // the lines of a grouped time series are one metric: they share one axis
  const split = spec.series.length > 1 && !spec.grouped;
  return { type: spec.type, labels: spec.labels, metrics: spec.metrics, series: spec.series.map((x) => ({ ...x, axis: split && top > 0 && peak(x) * 10 < top ? 'right' : 'left' })) };
}

type Shape = Omit<ChartSpec, 'series'> & { readonly series: readonly Omit<Series, 'axis'>[]; readonly grouped?: boolean };

function shape(t: Table, only: string | undefined): Shape | undefined {
  if (t.rows.length === 0) return undefined;
  const col = (i: number): Cell[] => t.rows.map((r) => r[i] ?? null);
  const cols = t.columns.map((name, i) => ({ name, i, kind: kindOf(col(i)), distinct: new Set(col(i)).size }));
  let metrics = cols.filter((c) => c.kind === 'number');
  // a column with one value over many rows (topN's timestamp, Shopware's key name) tells groups not apart
  let dims = cols.filter((c) => (c.kind === 'text' || c.kind === 'date') && (t.rows.length === 1 || c.distinct > 1));
  if (dims.length === 0 && metrics.length > 1 && t.rows.length > 1) {
    // only numbers: the first column is the group key (a histogram's lower bound, a numeric group)
    dims = [metrics[0]!];
    metrics = metrics.slice(1);
  }
  if (metrics.length === 0) return undefined;
  const choices = metrics.map((m) => m.name);
  const chosen = metrics.find((m) => m.name === only);
  if (chosen) metrics = [chosen];
  if (dims.length === 0) {
    // one summary row: a bar per metric, as series of their own (so a small one gets the right axis)
    return { type: 'bar', labels: [t.name], series: metrics.slice(0, MAX_GROUPS).map((m) => ({ name: m.name, values: [num(t.rows[0]![m.i])] })), metrics: choices };
  }
  const time = dims.find((d) => d.kind === 'date' && d.distinct > 1);
  if (!time) {
    const shown = metrics.slice(0, MAX_METRICS);
    return {
      type: 'bar',
      labels: t.rows.map((r) => dims.map((d) => label(r[d.i] ?? null)).join(' · ')),
      series: shown.map((m) => ({ name: m.name, values: t.rows.map((r) => num(r[m.i])) })),
      metrics: choices,
    };
  }
  const times = [...new Set(col(time.i).filter((v): v is string => typeof v === 'string'))].sort((a, b) => Date.parse(a) - Date.parse(b) || (a < b ? -1 : 1));
  const at = new Map(times.map((x, i) => [x, i]));
  const groups = dims.filter((d) => d !== time);
  if (groups.length === 0) {
    return {
      type: 'line',
      labels: times,
      series: metrics.slice(0, MAX_METRICS).map((m) => {
        const values: (number | null)[] = times.map(() => null);
        for (const r of t.rows) {
          const i = at.get(r[time.i] as string);
          if (i !== undefined) values[i] = num(r[m.i]);
        }
        return { name: m.name, values };
      }),
      metrics: choices,
    };
  }
  // grouped time series: a line per group for one metric (the first that is not a row count), the largest groups first
  const metric = metrics.find((m) => !COUNTS.has(m.name)) ?? metrics[0]!;
  const byGroup = new Map<string, (number | null)[]>();
  for (const r of t.rows) {
    const g = groups.map((d) => label(r[d.i] ?? null)).join(' · ');
    const values = byGroup.get(g) ?? times.map(() => null);
    byGroup.set(g, values);
    const i = at.get(r[time.i] as string);
    if (i !== undefined) values[i] = num(r[metric.i]);
  }
  const total = (vs: readonly (number | null)[]): number => vs.reduce<number>((a, v) => a + (v ?? 0), 0);
  const series = [...byGroup].map(([name, values]) => ({ name: `${name} (${metric.name})`, values }));
  return { type: 'line', labels: times, series: series.sort((a, b) => total(b.values) - total(a.values)).slice(0, MAX_GROUPS), metrics: choices, grouped: true };
}
