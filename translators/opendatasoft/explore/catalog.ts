/**
 * The catalog: the datasets this tenant may read (never another: hidden ones answer 404
 * NoSuchDataset through DatasetAccess.resolve) and each one's metadata, its fields typed as
 * Opendatasoft types them and labelled from their names (`sales_count` → `Sales count`), since a
 * mapping carries no labels. `where` on the listing reads the metadata fields dataset_id and title.
 */
import type { DatasetAccess } from '../../../src/dialect/contract.js';
import type { Dataset } from '../../../src/catalog/catalog.js';
import type { DatasetSchema } from '../../../src/ir/schema.js';
import { fail } from '../errors.js';
import { OdsqlError, type OdsqlNode } from './ast.js';
import { parseWhere } from './parser.js';
import { odsTypeName } from './where.js';
import { clause, odsqlFailure } from './collect.js';
import { Collector } from '../../../src/errors/collector.js';
import { checkKnown } from './params.js';

export interface OdsField {
  readonly name: string;
  readonly label: string;
  readonly type: string;
  readonly annotations: Record<string, never>;
  readonly description: null;
}

export const labelOf = (name: string): string => {
  const words = name.split('_').filter((w) => w !== '');
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

export function odsFields(schema: DatasetSchema): OdsField[] {
  const out: OdsField[] = [];
  for (const f of schema.fields.values()) {
    // multi-fields (`store_address.raw`) are the same column seen another way, not a field of their own
    if (f.path.includes('.') && schema.fields.has(f.path.slice(0, f.path.lastIndexOf('.')))) continue;
    const type = odsTypeName(f);
    if (!['text', 'int', 'double', 'date', 'datetime', 'geo_point_2d', 'boolean'].includes(type)) continue;
    out.push({ name: f.path, label: labelOf(f.path), type, annotations: {}, description: null });
  }
  return out;
}

export function datasetMetadata(d: Dataset, schema: DatasetSchema): Record<string, unknown> {
  return {
    dataset_id: d.name,
    dataset_uid: `da_${d.name}`,
    attachments: [],
    has_records: true,
    data_visible: true,
    features: ['analyze'],
    metas: { default: { title: labelOf(d.name), timezone: 'UTC' } },
    fields: odsFields(schema),
  };
}

/** A listing `where` over dataset_id and title, evaluated on the metadata itself. */
function matches(n: OdsqlNode, meta: { dataset_id: string; title: string }): boolean {
  const value = (x: OdsqlNode): string => {
    if (x.kind === 'string') return x.value;
    if (x.kind === 'field' && (x.name === 'dataset_id' || x.name === 'title')) return meta[x.name];
    throw new OdsqlError(x.kind === 'field' ? `Unknown field: ${x.name} (the catalog filters on dataset_id and title)` : 'expected a string or dataset_id/title', 'where', x.at);
  };
  switch (n.kind) {
    case 'logic':
      return n.op === 'and' ? n.operands.every((o) => matches(o, meta)) : n.operands.some((o) => matches(o, meta));
    case 'not':
      return !matches(n.operand, meta);
    case 'string':
      return `${meta.dataset_id} ${meta.title}`.toLowerCase().includes(n.value.toLowerCase());
    case 'colon':
      return value({ kind: 'field', name: n.field, at: n.at }) === value(n.value);
    case 'compare': {
      const a = value(n.left);
      const b = value(n.right);
      if (n.op === '=') return a === b;
      if (n.op === '!=') return a !== b;
      return n.op === '<' ? a < b : n.op === '<=' ? a <= b : n.op === '>' ? a > b : a >= b;
    }
    case 'in':
      return n.items.map(value).includes(value(n.operand)) !== n.negated;
    case 'call':
      if (n.name === 'startswith' && n.args.length === 2) return value(n.args[0] as OdsqlNode).startsWith(value(n.args[1] as OdsqlNode));
      if (n.name === 'search' && n.args.length === 1) return matches(n.args[0] as OdsqlNode, meta);
      break;
    default:
      break;
  }
  throw new OdsqlError('unsupported condition on the catalog', 'where', n.at);
}

function int(v: unknown, name: string, fallback: number, max: number): number {
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!(n >= 0 && n <= max)) fail('InvalidRESTParameterError', `Invalid value for ${name} API parameter: ${String(v)} was found but 0 <= ${name} <= ${max} is expected.`, `/${name}`);
  return n;
}

export async function listDatasets(query: Readonly<Record<string, unknown>>, datasets: DatasetAccess): Promise<unknown> {
  // each parameter on its own: every problem of the request at once
  const c = new Collector();
  checkKnown(query, new Set(['where', 'limit', 'offset']), c);
  const limit = c.attempt(() => int(query.limit, 'limit', 10, 100)) ?? 10;
  const offset = c.attempt(() => int(query.offset, 'offset', 0, 10_000)) ?? 0;
  const where = clause(c, (): OdsqlNode | undefined => {
    if (typeof query.where === 'string' && query.where.trim() !== '') return parseWhere(query.where, datasets.config.limits.maxDepth);
    if (query.where !== undefined && typeof query.where !== 'string') fail('InvalidRESTParameterError', 'Invalid value for where API parameter: the parameter may be given only once', '/where');
    return undefined;
  });
  c.throwIfAny();
  try {
    const all = datasets.list().filter((d) => !where || matches(where, { dataset_id: d.name, title: labelOf(d.name) }));
    const page = all.slice(offset, offset + limit);
    const results = await Promise.all(page.map(async (d) => datasetMetadata(d, await datasets.schema(d))));
    return { total_count: all.length, results };
  } catch (e) {
    return odsqlFailure(e);
  }
}

export async function showDataset(id: string, query: Readonly<Record<string, unknown>>, datasets: DatasetAccess): Promise<Record<string, unknown>> {
  const c = new Collector();
  checkKnown(query, new Set(), c);
  c.throwIfAny();
  const d = datasets.resolve(id);
  return datasetMetadata(d, await datasets.schema(d));
}
