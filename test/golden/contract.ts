/**
 * Runs one golden case through the dialect contract (src/dialect/contract.ts) as the generic mount
 * (src/server/mount.ts) does: route by method and path → parse → dataset → serves → lower → (a
 * Staged request's `then` on the case's probe answer), without an engine; and compiles what it gets.
 */
import { match } from 'path-to-regexp';
import type { Dialect, DialectRequest, Lowered, QueryRoute } from '../../src/dialect/contract.js';
import type { AppConfig } from '../../src/catalog/config.js';
import { Catalog, type Dataset } from '../../src/catalog/catalog.js';
import type { DatasetSchema } from '../../src/ir/schema.js';
import type { AggQuery, MetricValue } from '../../src/ir/nodes.js';
import type { DocumentsQuery } from '../../src/ir/documents.js';
import type { ResultTable } from '../../src/ir/result.js';
import { ANONYMOUS } from '../../src/auth/access.js';
import { compile } from '../../src/compiler/compile.js';
import { ALL_CAPABILITIES } from '../../src/backend/capabilities.js';

/** A case's `input.json`: the HTTP request a client sends, and for range() cases the probe's answer. */
export interface CaseInput {
  readonly method?: 'get' | 'post';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, unknown>>;
  /** stands in for the probe query's one row (the data's min/max and percentiles), as metric values by column */
  readonly probe?: Readonly<Record<string, MetricValue>>;
}

/** The datasets one dialect's cases read: the app's config and each dataset's fixture schema. */
export interface GoldenSetup {
  readonly config: AppConfig;
  readonly schemas: Readonly<Record<string, DatasetSchema>>;
}

/** What lowering through the contract produced: the probe (Staged requests only), the queries, the documents. */
export interface ContractRun {
  readonly dataset: Dataset;
  readonly schema: DatasetSchema;
  /** the route's typed request, as its parse returned it */
  readonly request: unknown;
  readonly probe?: readonly AggQuery[];
  readonly queries: readonly AggQuery[];
  readonly documents?: DocumentsQuery;
}

export function dialectRequest(input: CaseInput, params: Record<string, string>): DialectRequest {
  const headers = new Map(Object.entries(input.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method: (input.method ?? 'post').toUpperCase(),
    params,
    query: input.query ?? {},
    body: input.body,
    header: (name) => headers.get(name.toLowerCase()),
    url: `http://localhost${input.path}`,
  };
}

/** The path parameters when `path` matches one of a route's `paths` (Express syntax, as mounted), else undefined. */
export function pathParams(paths: readonly string[], path: string): Record<string, string> | undefined {
  for (const p of paths) {
    const m = match<Record<string, string>>(p, { decode: decodeURIComponent })(path);
    if (m) return { ...m.params };
  }
  return undefined;
}

/** The dialect's query route whose method and paths (Express syntax, as mounted) match the case's request. */
export function routeFor(dialect: Dialect, input: CaseInput): { route: QueryRoute<never>; params: Record<string, string> } {
  const method = input.method ?? 'post';
  for (const route of dialect.routes) {
    if (route.kind !== 'query' || route.method !== method) continue;
    const params = pathParams(route.paths, input.path);
    if (params) return { route, params };
  }
  throw new Error(`${dialect.id}: no query route for ${method.toUpperCase()} ${input.path}`);
}

/** The probe's answer a Staged request's `then` is given: one row of the case's values over 8 documents. */
function probeTable(values: Readonly<Record<string, MetricValue>> | undefined): ResultTable {
  return { rows: [{ keys: {}, count: 8, values: { ...values } }], groupCount: 1, total: 8, notes: [] };
}

export function runThroughContract(dialect: Dialect, setup: GoldenSetup, input: CaseInput): ContractRun {
  const { route, params } = routeFor(dialect, input);
  const http = dialectRequest(input, params);
  const parsed = route.parse(http, setup.config);
  const dataset = new Catalog(setup.config).resolve(parsed.dataset, ANONYMOUS);
  if (route.serves && !route.serves(dataset)) throw new Error(`${dialect.id} does not serve dataset ${dataset.name}`);
  const schema = setup.schemas[dataset.name];
  if (!schema) throw new Error(`${dialect.id}: no fixture schema for dataset ${dataset.name}`);
  const lowered = route.lower(parsed.request, { dataset, schema, config: setup.config, http });
  const run = { dataset, schema, request: parsed.request };
  if (!('probe' in lowered)) {
    if (input.probe) throw new Error(`${dialect.id}: the case gives a "probe" but the request is not staged`);
    return { ...run, ...contents(lowered) };
  }
  if (!input.probe) throw new Error(`${dialect.id}: the request is staged; the case needs a "probe"`);
  return { ...run, probe: lowered.probe, ...contents(lowered.then([probeTable(input.probe)])) };
}

const contents = (l: Lowered<unknown>) => ({ queries: l.queries, ...(l.documents ? { documents: l.documents } : {}) });

/** One query's engine requests and read plan, as the golden `request.json` files hold them. */
export function compiled(q: AggQuery, index: string, schema: DatasetSchema) {
  const c = compile(q, { index, schema, caps: ALL_CAPABILITIES, compositePageSize: 2000 });
  return { requests: c.scans, plan: c.plan.levels.map(({ level: _l, ...rest }) => rest), notes: c.notes };
}
