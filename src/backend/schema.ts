/**
 * Each dataset's field schema (src/ir/schema.ts), read from the index mapping and cached for
 * `ttlMs`, so mapping changes are picked up eventually.
 */
import type { EngineClient } from './engine-client.js';
import { schemaFromMapping, type DatasetSchema, type MappingNode } from '../ir/schema.js';
import type { Dataset } from '../catalog/catalog.js';

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
