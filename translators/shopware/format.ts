/**
 * Result rows → the Admin API's JSON, the way Shopware builds it: rows regrouped per bucket level in
 * row order (a bucket's count is the sum of its rows'), histogram buckets keyed by the earliest date
 * of their rows, min/max as the database's strings, then the API encoder's pass over the top level
 * only (drops empty `extensions`, applies `includes`, appends `apiAlias`); results nested inside a
 * bucket stay raw (`"extensions": []`, no `apiAlias`).
 */
import type { ResultRow, ResultTable } from '../../src/ir/result.js';
import type { KeyValue, MetricValue } from '../../src/ir/nodes.js';
import type { DocumentPage } from '../../src/ir/documents.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { ShopwarePlan } from './lower.js';
import type { Association } from './associations.js';
import { resultName, type Shape, type ValueKind } from './shape.js';
import { phpDate } from './php.js';

type Obj = Record<string, unknown>;

const HISTOGRAM_KEY: Record<Exclude<Extract<Shape, { kind: 'histogram' }>['interval'], 'quarter'>, string> = {
  minute: 'Y-m-d H:i:00',
  hour: 'Y-m-d H:00:00',
  day: 'Y-m-d 00:00:00',
  week: 'Y W',
  month: 'Y-m-01 00:00:00',
  year: 'Y-01-01 00:00:00',
};

/** A DATETIME(3) column as MySQL returns it. */
const sqlDate = (ms: number): string => phpDate('Y-m-d H:i:s.v', ms, 'UTC');

/** A bucket key as Shopware prints it: always a string, `""` for NULL, booleans as TINYINT. */
function keyString(v: KeyValue, s: Extract<Shape, { kind: 'terms' }>): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') return s.category === 'date' ? sqlDate(v) : String(v);
  return v;
}

/** MIN/MAX come back from the database as strings (`"979"`), or null. */
function sqlValue(v: number | null, kind: ValueKind): string | null {
  if (v === null) return null;
  return kind === 'date' ? sqlDate(v) : String(v);
}

/** MySQL's AVG over an integer column is a DECIMAL with four more digits. */
function avgValue(v: number | null, kind: ValueKind): number {
  if (v === null) return 0;
  return kind === 'integral' ? Math.round(v * 10_000) / 10_000 : v;
}

const num = (v: MetricValue | undefined): number | null => (typeof v === 'number' ? v : null);

function groupBy(rows: readonly ResultRow[], keyOf: (r: ResultRow) => string): Map<string, ResultRow[]> {
  const groups = new Map<string, ResultRow[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

/** The result as PHP's struct serializer leaves it (`extensions` first). */
function raw(s: Shape, rows: readonly ResultRow[]): Obj {
  switch (s.kind) {
    case 'filter':
      return raw(s.inner, rows);
    case 'terms':
    case 'histogram': {
      const buckets: Obj[] = [];
      const groups =
        s.kind === 'terms'
          ? groupBy(rows, (r) => keyString(r.keys[s.key] ?? null, s))
          : groupBy(rows, (r) => String(num(r.values[s.minColumn]) ?? ''));
      for (const [k, g] of groups) {
        const key = s.kind === 'terms' ? k : histogramKey(s, Number(k));
        const bucket: Obj = { extensions: [], key, count: g.reduce((n, r) => n + r.count, 0) };
        if (s.inner) bucket[resultName(s.inner)] = raw(s.inner, g);
        buckets.push(bucket);
      }
      return { extensions: [], name: s.name, buckets };
    }
    case 'metric': {
      const row = rows[0];
      const v = row?.values[s.column] ?? null;
      switch (s.type) {
        case 'avg':
          return { extensions: [], name: s.name, avg: avgValue(num(v), s.value) };
        case 'sum':
          return { extensions: [], name: s.name, sum: num(v) ?? 0 };
        case 'min':
        case 'max':
          return { extensions: [], name: s.name, [s.type]: sqlValue(num(v), s.value) };
        case 'count':
          return { extensions: [], name: s.name, count: num(v) ?? 0 };
        case 'stats': {
          const st = (v && typeof v === 'object' ? v : {}) as Record<string, number | null>;
          const empty = !st.count;
          return {
            extensions: [],
            name: s.name,
            min: empty ? null : sqlValue(st.min ?? null, s.value),
            max: empty ? null : sqlValue(st.max ?? null, s.value),
            avg: empty ? null : avgValue(st.avg ?? null, s.value),
            sum: empty ? null : (st.sum ?? null),
          };
        }
      }
      break;
    }
    case 'range': {
      const row = rows[0];
      const ranges: Obj = {};
      for (const c of s.columns) ranges[c.key] = num(row?.values[c.column]) ?? 0;
      return { extensions: [], name: s.name, ranges };
    }
    case 'entity': {
      const seen = new Set<string>();
      const entities: Obj[] = [];
      for (const r of rows) {
        const id = r.keys[s.idKey];
        if (id === null || id === undefined || id === '' || seen.has(String(id))) continue;
        seen.add(String(id));
        const e: Obj = { id };
        for (const f of s.fieldKeys) setPath(e, f.path, r.keys[f.key] ?? null);
        entities.push(e);
      }
      return { extensions: [], name: s.name, entities, entity: s.entity };
    }
  }
  return {};
}

function histogramKey(s: Extract<Shape, { kind: 'histogram' }>, earliest: number): string {
  if (s.format) return phpDate(s.format, earliest, s.timeZone);
  // not a PHP pattern: Shopware prints the year, a space and the quarter number (`2019 1`)
  if (s.interval === 'quarter') return `${phpDate('Y', earliest, s.timeZone)} ${Math.ceil(Number(phpDate('n', earliest, s.timeZone)) / 3)}`;
  return phpDate(HISTOGRAM_KEY[s.interval], earliest, s.timeZone);
}

function setPath(o: Obj, path: string, v: unknown): void {
  const parts = path.split('.');
  let cur = o;
  for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Obj;
  cur[parts[parts.length - 1] as string] = v;
}

type FieldLists = Readonly<Record<string, readonly string[]>>;

/** Shopware's encoder: `includes` keeps the listed fields of an apiAlias, `excludes` then removes its listed ones. */
function applyIncludes(o: Obj, includes: FieldLists, alias: string, excludes: FieldLists = {}): Obj {
  const keep = includes[alias];
  const drop = excludes[alias] ?? [];
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if ((!keep || keep.includes(k)) && !drop.includes(k)) out[k] = v;
  out.apiAlias = alias;
  return out;
}

/** The API encoder's pass: top level only. */
function encode(result: Obj, includes: FieldLists, excludes: FieldLists): Obj {
  const { extensions, entity, ...rest } = result as Obj & { extensions?: unknown[]; entity?: string };
  const out: Obj = { ...(Array.isArray(extensions) && extensions.length > 0 ? { extensions } : {}), ...rest };
  if (Array.isArray(out.buckets)) {
    out.buckets = (out.buckets as Obj[]).map(({ extensions: _e, ...b }) => applyIncludes(b, includes, 'aggregation_bucket', excludes));
  }
  if (Array.isArray(out.entities) && typeof entity === 'string') {
    out.entities = (out.entities as Obj[]).map((e) => applyIncludes(e, includes, entity, excludes));
  }
  return applyIncludes(out, includes, `${String(out.name)}_aggregation`, excludes);
}

export function formatAggregations(plan: ShopwarePlan, tables: readonly ResultTable[]): Obj {
  const out: Obj = {};
  plan.aggregations.forEach(({ shape }, i) => {
    const rows = tables[i]?.rows ?? [];
    const result = raw(shape, rows);
    out[resultName(shape)] = encode(result, plan.criteria.includes, plan.criteria.excludes);
  });
  return out;
}

/**
 * The page of records as the DAL returns it (raw, ordered as asked) and its total as the total-count
 * mode counts; `groups`: with `grouping`, the number of groups, which stands for the number of records.
 */
export function pageOf(plan: ShopwarePlan, page: DocumentPage | undefined, idField: string, groups?: number): { total: number; rows: Obj[] } {
  const docs = [...(page?.documents ?? [])];
  const { criteria, pageLimit } = plan;
  const matching = groups ?? page?.total ?? null;
  if (pageLimit === null && matching !== null && matching > docs.length + plan.documents.offset) {
    throw new ProxyError({
      kind: 'invalid_query',
      message: `${matching} records match, more than one answer may hold (${docs.length}); give a "limit" and page through them.`,
      at: { pointer: '/limit' },
    });
  }
  if (criteria.ids && criteria.sort.length === 0) {
    const order = new Map(criteria.ids.map((id, i) => [id, i]));
    docs.sort((a, b) => (order.get(String(a[idField])) ?? 0) - (order.get(String(b[idField])) ?? 0));
  }
  const fetched = docs.length;
  const shown = criteria.totalCountMode === 'next-pages' && pageLimit !== null ? docs.slice(0, pageLimit) : docs;
  const total = criteria.totalCountMode === 'exact' ? (matching ?? 0) : criteria.totalCountMode === 'next-pages' ? fetched : shown.length;
  return { total, rows: shown as Obj[] };
}

/**
 * A record as the JSON form prints it: an association not loaded is null, a loaded one its
 * record(s) with their apiAlias; `includes`/`excludes` of each entity applied, `apiAlias` appended.
 */
export const jsonRecord = (plan: ShopwarePlan, entity: string, row: Obj): Obj => record(row, plan.associations, plan.criteria.includes, entity, plan.criteria.excludes);

export function formatDocuments(plan: ShopwarePlan, page: DocumentPage | undefined, entity: string, idField: string, idsOnly: boolean, groups?: number): { total: number; data: unknown[] } {
  const { total, rows } = pageOf(plan, page, idField, groups);
  return { total, data: idsOnly ? rows.map((d) => d[idField]) : rows.map((d) => jsonRecord(plan, entity, d)) };
}

/**
 * One record as the Admin API prints it: an association not loaded is null; a loaded one is its
 * record(s) with their own apiAlias, trimmed by the includes and excludes of that alias.
 */
function record(d: Obj, associations: readonly Association[], includes: FieldLists, entity: string, excludes: FieldLists): Obj {
  const out: Obj = { ...d };
  for (const a of associations) {
    const v = out[a.path];
    const own = (x: unknown): unknown => (x && typeof x === 'object' && !Array.isArray(x) ? applyIncludes(x as Obj, includes, a.entity, excludes) : x);
    // a loaded to-many association without elements is an empty list, a to-one without a record null
    out[a.path] = !a.loaded ? null : v === undefined || v === null ? (a.many ? [] : null) : Array.isArray(v) ? v.map(own) : own(v);
  }
  return applyIncludes(out, includes, entity, excludes);
}
