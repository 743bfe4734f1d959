/**
 * Nue's GraphQL endpoint (routes in dialect.ts): graphql-js parses, validates and executes; the
 * aggregate resolvers lower to the shared pipeline.
 */
import type { Request, Response } from 'express';
import { GraphQLError, execute, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { CacheStatus, RunOptions } from '../../src/server/pipeline.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { compilePredicate } from '../../src/compiler/predicates.js';
import { tenantPredicate } from '../../src/auth/tenant-filter.js';
import type { Tenant } from '../../src/auth/access.js';
import { and } from '../../src/ir/predicate.js';
import { logProblem, tenantOf, runOptions, sendJson } from '../../src/server/http.js';
import type { OwnRouteDeps } from '../../src/dialect/contract.js';
import { exposeObject, type ExposedObject } from './names.js';
import { buildSchema, type NueResolvers } from './schema.js';
import { collectSelections } from './selection.js';
import { lowerAggregate, MAX_LIMIT } from './lower.js';
import { lowerWhere } from './where.js';
import { formatRows } from './format.js';
import { statusFor, toGraphQLError } from './errors.js';
import { LIMIT_EXCEEDED, documentLimitErrors, parseWithinLimits } from './document-limits.js';
import { FiniteNumberLiteralsRule } from './number-literals.js';
import { checkVariables } from './variables.js';
import type { Limits } from '../../src/policy/limits.js';


interface Ctx {
  readonly options: RunOptions;
  readonly explain: unknown[];
  readonly cache: CacheStatus[];
}

const SCHEMA_TTL_MS = 5 * 60_000;
/** the engine's default `index.max_result_window`: a plain read cannot page past it */
const MAX_RESULT_WINDOW = 10_000;
const RULES = [...specifiedRules, FiniteNumberLiteralsRule];
const MAX_CACHED_DOCUMENTS = 500;

/**
 * Why: parse + validate cost ~0.3 ms per request, ten times the rest of translation; clients send
 * the same few documents over and over. Validated documents are kept per schema (a rebuilt schema
 * starts afresh), bounded by count.
 */
const documents = new WeakMap<GraphQLSchema, Map<string, { document: DocumentNode; errors: readonly GraphQLError[] }>>();

function parseAndValidate(schema: GraphQLSchema, query: string, limits: Limits): { document: DocumentNode; errors: readonly GraphQLError[] } {
  let perSchema = documents.get(schema);
  if (!perSchema) documents.set(schema, (perSchema = new Map()));
  const hit = perSchema.get(query);
  if (hit) return hit;
  const document = parseWithinLimits(query, limits); // throws on syntax errors and nesting/token limits, which are not kept
  // the document limits first, alone: graphql-js's own rules are what a hostile document makes slow
  const over = documentLimitErrors(schema, document, limits);
  const entry = { document, errors: over.length > 0 ? over : validate(schema, document, RULES) };
  if (perSchema.size >= MAX_CACHED_DOCUMENTS) perSchema.clear();
  perSchema.set(query, entry);
  return entry;
}

function valueAt(source: unknown, path: string): unknown {
  let cur = source;
  for (const p of path.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  return Array.isArray(cur) ? (cur[0] ?? null) : (cur ?? null);
}

/** The GraphQL endpoint's handler: graphql-js parses, validates and executes; resolvers lower to the pipeline. */
export function nueHandler(deps: OwnRouteDeps): (req: Request, res: Response) => Promise<void> {
  const { pipeline, catalog, config, schemas, engine, logger } = deps;

  const wrap = async <T>(nodes: GraphQLError['nodes'], fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof GraphQLError) throw e;
      throw toGraphQLError(logProblem(logger, e).detail, nodes ?? undefined);
    }
  };

  const resolvers: NueResolvers = {
    aggregate: (obj, rowType, args, info, rawCtx) =>
      wrap(info.fieldNodes, async () => {
        const ctx = rawCtx as Ctx;
        const root = info.fieldNodes[0] as NonNullable<typeof info.fieldNodes[0]>;
        const plan = lowerAggregate(obj, args, collectSelections(info, rowType), root, rowType.name, config);
        const dataset = catalog.resolve(obj.dataset, ctx.options.tenant);
        const result = await pipeline.run({ dataset, queries: [plan.query], format: ([t]) => formatRows(t!, plan) }, ctx.options);
        ctx.cache.push(result.cache);
        if (result.cache === 'explain') {
          ctx.explain.push({ field: info.path.key, ...(result.body as object) });
          return [];
        }
        return result.body as unknown[];
      }),
    collection: (obj, args, rawCtx) =>
      wrap(undefined, async () => {
        const { tenant } = (rawCtx as Ctx).options;
        const limit = Math.min(args.page?.limit ?? 100, MAX_LIMIT);
        const from = Math.max(0, args.page?.cursor ?? 0);
        if (from + Math.max(0, limit) > MAX_RESULT_WINDOW) {
          throw new ProxyError({ kind: 'invalid_query', message: `page.cursor + page.limit cannot exceed ${MAX_RESULT_WINDOW}`, at: { pointer: '/page/cursor' } });
        }
        const dataset = catalog.resolve(obj.dataset, tenant);
        const schema = await schemas.get(dataset);
        // the tenant's mandatory filter holds for plain reads as for aggregates
        const filter = and(tenantPredicate(tenant, schema), lowerWhere(args.where, obj, config.limits));
        const res = (await engine.search(dataset.index, {
          size: Math.max(0, limit),
          from,
          sort: ['_doc'],
          query: filter ? compilePredicate(filter, schema) : { match_all: {} },
        })) as unknown as { hits: { hits: { _source: unknown }[] } };
        return res.hits.hits.map((h) => Object.fromEntries(obj.fields.map((f) => [f.name, valueAt(h._source, f.info.path)])));
      }),
  };

  // one schema per tenant: introspection shows only the objects the tenant may read
  const built = new Map<string, { schema: Promise<GraphQLSchema>; at: number }>();
  const currentSchema = (tenant: Tenant): Promise<GraphQLSchema> => {
    const cached = built.get(tenant.name);
    if (cached && Date.now() - cached.at < SCHEMA_TTL_MS) return cached.schema;
    const schema = Promise.all(
      catalog.list(tenant).map(async (ds) => exposeObject(ds.name, await schemas.get(ds))),
    ).then((objs) => buildSchema(objs.filter((o): o is ExposedObject => o !== undefined), resolvers));
    built.set(tenant.name, { schema, at: Date.now() });
    schema.catch(() => built.delete(tenant.name));
    return schema;
  };

  const requestOf = (req: Request): { query?: unknown; variables?: unknown; operationName?: unknown } => {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const q = req.query as Record<string, unknown>;
    const pick = (k: string): unknown => body[k] ?? q[k];
    let variables = pick('variables');
    if (typeof variables === 'string' && variables !== '') {
      try {
        variables = JSON.parse(variables);
      } catch {
        throw new ProxyError({ kind: 'invalid_request', message: 'Variables are invalid JSON.', at: { pointer: '/variables' } });
      }
    }
    return { query: pick('query'), variables, operationName: pick('operationName') };
  };

  const envelope = (data: unknown): unknown => (config.nue.envelope === 'result' && data !== null ? { result: data } : data);

  const handler = async (req: Request, res: Response): Promise<void> => {
    const { query, variables, operationName } = requestOf(req);
    if (typeof query !== 'string' || query.trim() === '') {
      res.status(400).json({ errors: [{ message: 'Must provide query string.', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    const schema = await currentSchema(tenantOf(req));
    let document: DocumentNode;
    let invalid: readonly GraphQLError[];
    try {
      ({ document, errors: invalid } = parseAndValidate(schema, query, config.limits));
    } catch (e) {
      if (!(e instanceof GraphQLError)) throw e;
      const code = e.extensions.code === LIMIT_EXCEEDED ? LIMIT_EXCEEDED : 'GRAPHQL_PARSE_FAILED';
      res.status(400).json({ errors: [{ ...e.toJSON(), extensions: { ...e.extensions, code } }] });
      return;
    }
    // a refusal is a 400 before execution, without `data` (GraphQL over HTTP: a request error)
    const refused = invalid.filter((e) => e.extensions.code === LIMIT_EXCEEDED);
    if (refused.length > 0) {
      res.status(400).json({ errors: refused.map((e) => e.toJSON()) });
      return;
    }
    const vars = checkVariables(variables, config.limits);
    if ('error' in vars) {
      res.status(400).json({ errors: [vars.error.toJSON()] });
      return;
    }
    if (invalid.length > 0) {
      res.status(200).json({ errors: invalid.map((e) => ({ ...e.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })), data: null });
      return;
    }
    const ctx: Ctx = { options: runOptions(req), explain: [], cache: [] };
    const result = await execute({
      schema,
      document,
      contextValue: ctx,
      variableValues: vars.variables,
      operationName: typeof operationName === 'string' ? operationName : undefined,
    });
    if (ctx.cache.length > 0) {
      const all = (s: CacheStatus): boolean => ctx.cache.every((c) => c === s);
      res.setHeader('x-aggproxy-cache', all('hit') ? 'hit' : all('explain') ? 'explain' : all('bypass') ? 'bypass' : 'miss');
    }
    if (ctx.options.explain && !result.errors) {
      res.json({ explain: ctx.explain });
      return;
    }
    if (result.errors && result.errors.length > 0) {
      const errors = result.errors.map((e) => {
        const json = e.toJSON();
        return { ...json, extensions: { code: 'BAD_USER_INPUT', ...json.extensions } };
      });
      // no partial answers: any error voids the data
      const retry = errors.map((e) => Number((e.extensions as { retryAfterSeconds?: unknown }).retryAfterSeconds)).filter((n) => n > 0);
      if (retry.length > 0) res.setHeader('retry-after', String(Math.max(...retry)));
      if (!res.getHeader('x-aggproxy-cache')) res.setHeader('x-aggproxy-cache', ctx.options.bypassCache ? 'bypass' : 'miss');
      res.status(statusFor(errors.map((e) => e.extensions.code))).json({ errors, data: null });
      return;
    }
    sendJson(res, 200, { data: envelope(result.data ?? null) });
  };

  return handler;
}
