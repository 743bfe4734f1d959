/** Creates an index with a mapping and bulk-loads documents into it (demo data and test fixtures). */
import type { EngineClient } from '../backend/engine-client.js';

export interface IndexSpec {
  readonly index: string;
  readonly mapping: object;
  readonly docs: readonly object[];
  /** several shards exercise the cross-shard exactness the proxy promises */
  readonly shards?: number;
}

export async function indexHasDocs(engine: EngineClient, index: string, expected: number): Promise<boolean> {
  try {
    const res = await engine.request<{ count?: number }>('GET', `/${index}/_count`);
    return res.count === expected;
  } catch {
    return false;
  }
}

export async function loadIndex(engine: EngineClient, spec: IndexSpec): Promise<void> {
  await engine.request('DELETE', `/${spec.index}?ignore_unavailable=true`).catch(() => undefined);
  await engine.request('PUT', `/${spec.index}`, {
    settings: { number_of_shards: spec.shards ?? 2, number_of_replicas: 0 },
    mappings: spec.mapping,
  });
  for (let i = 0; i < spec.docs.length; i += 1000) {
    const chunk = spec.docs.slice(i, i + 1000);
    const lines = chunk.flatMap((d, j) => {
      // a fixture may name its document id in `_id`, which must not stay in the source
      const { _id, ...source } = d as { _id?: unknown };
      const id = typeof _id === 'string' ? _id : String(i + j);
      return [JSON.stringify({ index: { _index: spec.index, _id: id } }), JSON.stringify(source)];
    });
    await engine.bulk(spec.index, lines, true);
  }
  await engine.request('GET', `/_cluster/health/${spec.index}?wait_for_status=green&timeout=30s`);
}
