/**
 * What the compiler knows of a dataset's fields, read from the index mapping once and cached:
 * each field's type and the path to aggregate on (a text field aggregates through its keyword
 * sub-field). Field names in requests are checked against this, never passed through blindly.
 */
import type { EngineClient } from './engine-client.js';
import type { Dataset } from '../catalog/catalog.js';

export type FieldCategory = 'numeric' | 'keyword' | 'text' | 'date' | 'boolean' | 'other';

export interface FieldInfo {
  readonly path: string;
  /** the ES mapping type */
  readonly type: string;
  readonly category: FieldCategory;
  /** the field to aggregate, sort or match exactly on; undefined when not aggregatable */
  readonly exactPath?: string;
  /** whole numbers only (long, integer, ...): Druid's longSum and number formats care */
  readonly integral: boolean;
}

export interface DatasetSchema {
  readonly dataset: string;
  readonly fields: ReadonlyMap<string, FieldInfo>;
}

const NUMERIC = new Set(['long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float', 'unsigned_long']);
const INTEGRAL = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long']);

function category(type: string): FieldCategory {
  if (NUMERIC.has(type)) return 'numeric';
  if (type === 'keyword' || type === 'constant_keyword' || type === 'wildcard') return 'keyword';
  if (type === 'text' || type === 'match_only_text') return 'text';
  if (type === 'date' || type === 'date_nanos') return 'date';
  if (type === 'boolean') return 'boolean';
  return 'other';
}

interface MappingNode {
  type?: string;
  properties?: Record<string, MappingNode>;
  fields?: Record<string, MappingNode>;
}

/** Flattens a mapping's properties into dotted paths. */
export function schemaFromMapping(dataset: string, properties: Record<string, MappingNode>): DatasetSchema {
  const fields = new Map<string, FieldInfo>();
  const walk = (props: Record<string, MappingNode>, prefix: string): void => {
    for (const [name, node] of Object.entries(props)) {
      const path = prefix + name;
      if (node.properties) walk(node.properties, path + '.');
      if (!node.type || node.type === 'object' || node.type === 'nested') continue;
      const cat = category(node.type);
      const subs = Object.entries(node.fields ?? {});
      for (const [sub, subNode] of subs) {
        if (!subNode.type) continue;
        const subCat = category(subNode.type);
        fields.set(`${path}.${sub}`, info(`${path}.${sub}`, subNode.type, subCat, subCat === 'text' ? undefined : `${path}.${sub}`));
      }
      const keywordSub = subs.find(([, n]) => n.type === 'keyword');
      const exact = cat === 'text' ? (keywordSub ? `${path}.${keywordSub[0]}` : undefined) : cat === 'other' ? undefined : path;
      fields.set(path, info(path, node.type, cat, exact));
    }
  };
  walk(properties, '');
  return { dataset, fields };
}

function info(path: string, type: string, cat: FieldCategory, exactPath: string | undefined): FieldInfo {
  return { path, type, category: cat, integral: INTEGRAL.has(type), ...(exactPath ? { exactPath } : {}) };
}

/** Mapping cache per dataset; entries live `ttlMs` so mapping changes are picked up eventually. */
export class SchemaRegistry {
  private readonly cache = new Map<string, { schema: Promise<DatasetSchema>; at: number }>();

  constructor(
    private readonly engine: EngineClient,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  get(ds: Dataset): Promise<DatasetSchema> {
    const hit = this.cache.get(ds.name);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.schema;
    const schema = this.load(ds);
    this.cache.set(ds.name, { schema, at: Date.now() });
    schema.catch(() => this.cache.delete(ds.name));
    return schema;
  }

  invalidate(): void {
    this.cache.clear();
  }

  private async load(ds: Dataset): Promise<DatasetSchema> {
    const res = await this.engine.request<Record<string, { mappings?: { properties?: Record<string, MappingNode> } }>>(
      'GET',
      `/${encodeURIComponent(ds.index)}/_mapping`,
    );
    // an alias may cover several indices: their properties merge
    const merged: Record<string, MappingNode> = {};
    for (const idx of Object.values(res)) Object.assign(merged, idx.mappings?.properties ?? {});
    return schemaFromMapping(ds.name, merged);
  }
}
