/**
 * `aggproxy translate` and `aggproxy explain`: a dialect request through the very app the server
 * runs (parse, validate, lower, compile: the pipeline's explain path), answered in-process on a
 * loopback port that lives for one request. translate runs nothing on the engine: with a mapping
 * file it needs no engine at all, and a staged request (Opendatasoft range() groups) shows its probe
 * only; explain runs the probe stages (as ?explain=true does) and nothing else.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { buildConfig, type AppConfig, type ConfigFile } from '../catalog/config.js';
import type { Dataset } from '../catalog/catalog.js';
import { createApp, type AppOverrides } from '../server/app.js';
import { portOf } from '../server/serve.js';
import { EngineClient } from '../backend/engine-client.js';
import { schemaFromMapping, type DatasetSchema } from '../ir/schema.js';
import { SchemaRegistry } from '../backend/schema.js';
import { CAPABILITIES, missingBecause, type Capability, type Flavour } from '../backend/capabilities.js';
import type { EngineState } from '../server/engine-state.js';

export const DIALECTS = ['relevance-ai', 'nue-graphql', 'shopware', 'druid', 'opendatasoft'] as const;
export type DialectId = (typeof DIALECTS)[number];

export interface TranslateOptions {
  readonly dialect: DialectId;
  readonly dataset: string;
  /** the request body as the client would send it (GraphQL: the document, or {query, variables}) */
  readonly body: string;
  /** a configuration file; without one the dataset is an index of the same name */
  readonly configFile?: string;
  readonly engineUrl?: string;
  /** the index mapping (GET /<index>/_mapping, its `mappings`, or bare `properties`): no engine needed */
  readonly mappingFile?: string;
  readonly timeField?: string;
  readonly flavour?: Flavour;
  readonly engineVersion?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** explain: run the probe stages on the engine */
  readonly runProbes: boolean;
}

export interface Translated {
  readonly status: number;
  readonly body: unknown;
}

type MappingNode = Parameters<typeof schemaFromMapping>[1][string];

/**
 * The properties of a mapping in any of the shapes the engine prints (GET /<index>/_mapping, its
 * `mappings`, bare `properties`), or the entry named like the dataset in a file of several.
 */
export function mappingProperties(json: unknown, dataset?: string): Record<string, MappingNode> {
  const o = (json ?? {}) as Record<string, unknown>;
  if (o.properties && typeof o.properties === 'object') return o.properties as Record<string, MappingNode>;
  if (o.mappings && typeof o.mappings === 'object') return mappingProperties(o.mappings);
  if (dataset !== undefined && typeof o[dataset] === 'object' && o[dataset] !== null) return mappingProperties(o[dataset]);
  const indices = Object.values(o).filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && 'mappings' in v);
  if (indices.length > 0) return Object.assign({}, ...indices.map((v) => mappingProperties(v.mappings)));
  throw new Error('the mapping file has no "properties" (give GET /<index>/_mapping output, its "mappings", or {"properties": ...})');
}

/** One mapping for every dataset, read from a file instead of the engine. */
class FileSchemas extends SchemaRegistry {
  constructor(
    engine: EngineClient,
    private readonly properties: Record<string, MappingNode>,
  ) {
    super(engine);
  }

  override get(ds: Dataset): Promise<DatasetSchema> {
    return Promise.resolve(schemaFromMapping(ds.name, this.properties));
  }
}

/** A fully equipped engine of the given flavour and version, less what the configuration disables. */
export function assumedEngine(flavour: Flavour, version: string, disable: readonly Capability[]): EngineState {
  const modules = new Set(['lang-painless', 'aggregations', 'x-pack-analytics']);
  const info = { flavour, version };
  const missing: Partial<Record<Capability, string>> = {};
  const off = disable.includes('scripts') ? [...disable, 'bucketScript', 'bucketSelector', 'runtimeFields'] : disable;
  for (const c of CAPABILITIES) {
    const why = missingBecause(c, info, modules) ?? (off.includes(c) ? 'disabled in the configuration (engine.disable)' : undefined);
    if (why) missing[c] = why;
  }
  return { info, caps: Object.fromEntries(CAPABILITIES.map((c) => [c, !missing[c]])) as Record<Capability, boolean>, missing };
}

function configOf(o: TranslateOptions): AppConfig {
  const env = o.engineUrl ? { AGGPROXY_ENGINE_URL: o.engineUrl } : {};
  if (o.configFile) return buildConfig(JSON.parse(readFileSync(o.configFile, 'utf8')) as ConfigFile, env);
  return buildConfig({ datasets: { [o.dataset]: { index: o.dataset, ...(o.timeField ? { timeField: o.timeField } : {}) } } }, env);
}

const at = (o: TranslateOptions): { path: string; body: string } => {
  const ds = encodeURIComponent(o.dataset);
  switch (o.dialect) {
    case 'relevance-ai': {
      const cluster = /"vector_fields"\s*:/.test(o.body);
      return { path: `/latest/datasets/${ds}/${cluster ? 'cluster/aggregate' : 'aggregate'}`, body: o.body };
    }
    case 'nue-graphql': {
      // a JSON body {query, variables} as clients send it, or the bare GraphQL document
      let parsed: unknown;
      try {
        parsed = JSON.parse(o.body);
      } catch {
        parsed = undefined;
      }
      const isRequest = typeof parsed === 'object' && parsed !== null && 'query' in parsed;
      return { path: '/graphql', body: isRequest ? o.body : JSON.stringify({ query: o.body }) };
    }
    case 'shopware':
      return { path: `/api/search/${ds}`, body: o.body };
    case 'druid':
      return { path: '/druid/v2', body: o.body };
    case 'opendatasoft':
      return { path: `/api/v2/datasets/${ds}/aggregate`, body: o.body };
  }
};

export async function translate(o: TranslateOptions): Promise<Translated> {
  const config = configOf(o);
  const overrides: AppOverrides = { probes: o.runProbes ? 'run' : 'skip' };
  if (o.mappingFile) {
    const properties = mappingProperties(JSON.parse(readFileSync(o.mappingFile, 'utf8')), config.datasets[o.dataset]?.index ?? o.dataset);
    const flavour = o.flavour ?? 'opensearch';
    const state = assumedEngine(flavour, o.engineVersion ?? (flavour === 'opensearch' ? '2.19.5' : '8.19.7'), config.engine.disable);
    Object.assign(overrides, { schemas: new FileSchemas(new EngineClient(config.engine.url, 1000), properties), engineState: () => Promise.resolve(state) });
  }
  const app = createApp(config, pino({ level: 'silent' }), overrides);
  const server: Server = await new Promise((resolve) => {
    const s = app.express.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const { path, body } = at(o);
    const res = await fetch(`http://127.0.0.1:${portOf(server)}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-aggproxy-explain': 'true', ...o.headers },
      body,
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: shown as it is
    }
    return { status: res.status, body: parsed };
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}
