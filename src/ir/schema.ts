/**
 * What the compiler and the translators know of a dataset's fields: each field's type and the path
 * to aggregate on (a text field aggregates through its keyword sub-field), flattened from the
 * index mapping. Field names in requests are checked against this, never passed through blindly.
 * Pure data; src/backend/schema.ts reads the mapping from the engine and caches it.
 */
import { ProxyError } from '../errors/proxy-error.js';
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
  /**
   * the path of the `nested` object the field lies in (a to-many association indexed so each
   * element keeps its fields together): queries and aggregations reach it through that path
   */
  readonly nested?: string;
  /** a nested field that the mapping also copies into the document as a flat array (`include_in_parent`) */
  readonly inParent?: boolean;
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

export interface MappingNode {
  type?: string;
  include_in_parent?: boolean;
  properties?: Record<string, MappingNode>;
  fields?: Record<string, MappingNode>;
}

/** Flattens a mapping's properties into dotted paths. */
export function schemaFromMapping(dataset: string, properties: Record<string, MappingNode>): DatasetSchema {
  const fields = new Map<string, FieldInfo>();
  const walk = (props: Record<string, MappingNode>, prefix: string, nested: { path: string; inParent: boolean } | undefined): void => {
    for (const [name, node] of Object.entries(props)) {
      const path = prefix + name;
      // one level of nesting is what the compiler joins; the fields of a nested object inside a
      // nested object stay unknown (a clear 400 naming them) rather than answering wrongly
      if (node.type === 'nested' && nested !== undefined) continue;
      if (node.properties) walk(node.properties, path + '.', node.type === 'nested' ? { path, inParent: node.include_in_parent === true } : nested);
      if (!node.type || node.type === 'object' || node.type === 'nested') continue;
      const cat = category(node.type);
      const subs = Object.entries(node.fields ?? {});
      for (const [sub, subNode] of subs) {
        if (!subNode.type) continue;
        const subCat = category(subNode.type);
        fields.set(`${path}.${sub}`, info(`${path}.${sub}`, subNode.type, subCat, subCat === 'text' ? undefined : `${path}.${sub}`, nested));
      }
      const keywordSub = subs.find(([, n]) => n.type === 'keyword');
      const exact = cat === 'text' ? (keywordSub ? `${path}.${keywordSub[0]}` : undefined) : cat === 'other' ? undefined : path;
      fields.set(path, info(path, node.type, cat, exact, nested));
    }
  };
  walk(properties, '', undefined);
  return { dataset, fields };
}

function info(path: string, type: string, cat: FieldCategory, exactPath: string | undefined, nested: { path: string; inParent: boolean } | undefined): FieldInfo {
  const where = nested ? { nested: nested.path, ...(nested.inParent ? { inParent: true } : {}) } : {};
  return { path, type, category: cat, integral: INTEGRAL.has(type), ...(exactPath ? { exactPath } : {}), ...where };
}


/**
 * The field at an index path, or undefined. Strict on purpose: the IR names index paths, and a
 * dataset's public names (aliases, `id`) are resolved before, by the dialects that have them,
 * through FieldResolver (field-resolver.ts), so no name is redirected twice.
 */
export function findField(schema: DatasetSchema, path: string): FieldInfo | undefined {
  return schema.fields.get(path);
}

/** The named field, or an `unknown_field` error pointing at `origin` in the request. */
export function lookupField(schema: DatasetSchema, field: string, origin: string | undefined): FieldInfo {
  const f = findField(schema, field);
  if (!f) throw new ProxyError({ kind: 'unknown_field', field, dataset: schema.dataset, at: { pointer: origin } });
  return f;
}
