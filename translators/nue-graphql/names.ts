/** GraphQL names for datasets and fields: what the generated schema exposes and how it maps back. */
import type { DatasetSchema, FieldInfo } from '../../src/ir/schema.js';

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

export interface ExposedField {
  /** the GraphQL name (dots of nested paths become `__`) */
  readonly name: string;
  readonly info: FieldInfo;
}

export interface ExposedObject {
  /** dataset name as a GraphQL name (`product`) */
  readonly name: string;
  /** type-name stem (`Product`) */
  readonly typeName: string;
  readonly dataset: string;
  readonly fields: readonly ExposedField[];
  readonly byName: ReadonlyMap<string, ExposedField>;
}

const SCALAR_CATEGORIES = new Set(['numeric', 'keyword', 'text', 'date', 'boolean']);

export function pascal(name: string): string {
  return name
    .split(/_+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

export function exposeObject(dataset: string, schema: DatasetSchema): ExposedObject | undefined {
  const name = dataset.replace(/[^_0-9A-Za-z]/g, '_');
  if (!NAME.test(name) || name.startsWith('__')) return undefined;
  const fields: ExposedField[] = [];
  for (const info of schema.fields.values()) {
    // multi-field sub-fields (`name.keyword`) are how a field is matched, not fields of their own
    const parent = info.path.includes('.') ? info.path.slice(0, info.path.lastIndexOf('.')) : undefined;
    if (parent !== undefined && schema.fields.has(parent)) continue;
    if (!SCALAR_CATEGORIES.has(info.category)) continue;
    const gql = info.path.replace(/\./g, '__');
    if (!NAME.test(gql) || gql.startsWith('__')) continue;
    fields.push({ name: gql, info });
  }
  fields.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { name, typeName: pascal(name), dataset, fields, byName: new Map(fields.map((f) => [f.name, f])) };
}
