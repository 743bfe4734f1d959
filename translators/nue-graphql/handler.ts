/**
 * Nue's GraphQL endpoint (routes in dialect.ts): graphql-js parses, validates and executes; the
 * aggregate resolvers lower to the shared pipeline.
 */
import type { Request, Response } from 'express';
import { GraphQLError, execute, getOperationAST, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { RESULT_WINDOW, type DocumentsQuery } from '../../src/ir/documents.js';
import type { Tenant } from '../../src/auth/access.js';
import type { CacheStatus, OwnRouteDeps, OwnRouteHttp, RunOptions } from '../../src/dialect/contract.js';
import { exposeObject, type ExposedObject } from './names.js';
import { buildSchema, type NueResolvers } from './schema.js';
import { collectSelections } from './selection.js';
import { lowerAggregate, MAX_LIMIT } from './lower.js';
import { lowerWhere } from './where.js';
import { FieldCollector, FieldErrors, expandFieldErrors } from './collect.js';
import { formatRows } from './format.js';
import { statusFor, toGraphQLError } from './errors.js';
import { LIMIT_EXCEEDED, documentLimitErrors, parseWithinLimits } from './document-limits.js';
import { FiniteNumberLiteralsRule } from './number-literals.js';
import { checkVariables } from './variables.js';
import { answeredValidationErrors, blocksSuggestions, introspectionRules, maskSuggestions } from './introspection.js';
import type { Limits } from '../../src/policy/limits.js';
import { stringifyInSlices } from '../../src/util/json-slices.js';
import { GRAPHQL_RESPONSE_TYPE, acceptsGraphQLResponse, graphqlResponseStatus, isIntrospection, persistedQueryError, requestsOf, type Answer, type GraphQLRequest } from './http-graphql.js';


interface Ctx {
  readonly options: RunOptions;
  readonly explain: unknown[];
  readonly cache: CacheStatus[];
}

const SCHEMA_TTL_MS = 5 * 60_000;
const RULES = [...specifiedRules, FiniteNumberLiteralsRule];
const MAX_CACHED_DOCUMENTS = 500;

/**
 * Why: parse + validate cost ~0.3 ms per request, ten times the rest of translation; clients send
 * the same few documents over and over. Validated documents are kept per schema (a rebuilt schema
 * starts afresh), bounded by count.
 */
const documents = new WeakMap<GraphQLSchema, Map<string, { document: DocumentNode; errors: readonly GraphQLError[] }>>();

function parseAndValidate(schema: GraphQLSchema, query: string, limits: Limits, rules: readonly ValidationRule[]): { document: DocumentNode; errors: readonly GraphQLError[] } {
  let perSchema = documents.get(schema);
  if (!perSchema) documents.set(schema, (perSchema = new Map()));
  const hit = perSchema.get(query);
  if (hit) return hit;
  const document = parseWithinLimits(query, limits); // throws on syntax errors and nesting/token limits, which are not kept
  // the document limits first, alone: graphql-js's own rules are what a hostile document makes slow
  const over = documentLimitErrors(schema, document, limits);
  const entry = { document, errors: over.length > 0 ? over : validate(schema, document, rules) };
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
export function nueHandler(deps: OwnRouteDeps & { readonly http: OwnRouteHttp }): (req: Request, res: Response) => Promise<void> {
  const { logProblem, tenantOf, runOptions, sendJson } = deps.http;
  const { pipeline, catalog, config, schemas, logger } = deps;

  const wrap = async <T>(nodes: GraphQLError['nodes'], fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      // several problems of the field: expanded into one error each after execution (expandFieldErrors)
      if (e instanceof GraphQLError || e instanceof FieldErrors) throw e;
      throw toGraphQLError(logProblem(e).detail, nodes ?? undefined);
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
    collection: (obj, args, info, rawCtx) =>
      wrap(info.fieldNodes, async () => {
        const ctx = rawCtx as Ctx;
        const limit = Math.min(args.page?.limit ?? 100, MAX_LIMIT);
        const from = Math.max(0, args.page?.cursor ?? 0);
        const c = new FieldCollector();
        if (from + Math.max(0, limit) > RESULT_WINDOW) {
          c.attempt(() => { throw new ProxyError({ kind: 'invalid_query', message: `page.cursor + page.limit cannot exceed ${RESULT_WINDOW}`, at: { pointer: '/page/cursor' } }); });
        }
        const filter = lowerWhere(args.where, obj, config.limits, c);
        c.throwIfAny();
        const dataset = catalog.resolve(obj.dataset, ctx.options.tenant);
        // through the pipeline: the tenant's mandatory filter, the cache and explain hold for plain reads too
        const documents: DocumentsQuery = {
          kind: 'DocumentsQuery', dataset: dataset.name, ...(filter ? { filter } : {}), sort: [], indexOrder: true,
          offset: from, limit: Math.max(0, limit), fields: null, exactTotal: false,
        };
        const result = await pipeline.run({ dataset, queries: [], documents, format: (_tables, page) => page?.documents ?? [] }, ctx.options);
        ctx.cache.push(result.cache);
        if (result.cache === 'explain') {
          ctx.explain.push({ field: info.path.key, ...(result.body as object) });
          return [];
        }
        return (result.body as readonly Record<string, unknown>[]).map((doc) => Object.fromEntries(obj.fields.map((f) => [f.name, valueAt(doc, f.info.path)])));
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

  const rules = [...RULES, ...introspectionRules(config.nue.introspection)];
  const envelope = (data: unknown, standard: boolean): unknown => (!standard && config.nue.envelope === 'result' && data !== null ? { result: data } : data);

  /** One GraphQL request (a batch runs this per element): the status and body a single request answers. */
  const answerOne = async (req: Request, res: Response, one: GraphQLRequest): Promise<Answer> => {
    const { query, variables, operationName, extensions } = one;
    const persisted = persistedQueryError(extensions);
    if (persisted) return { status: 200, body: persisted };
    if (typeof query !== 'string' || query.trim() === '') {
      return { status: 400, body: { errors: [{ message: 'Must provide query string.', extensions: { code: 'BAD_REQUEST' } }] } };
    }
    const schema = await currentSchema(tenantOf(req));
    let document: DocumentNode;
    let invalid: readonly GraphQLError[];
    try {
      ({ document, errors: invalid } = parseAndValidate(schema, query, config.limits, rules));
    } catch (e) {
      if (!(e instanceof GraphQLError)) throw e;
      const code = e.extensions.code === LIMIT_EXCEEDED ? LIMIT_EXCEEDED : 'GRAPHQL_PARSE_FAILED';
      return { status: 400, body: { errors: [{ ...e.toJSON(), extensions: { ...e.extensions, code } }] } };
    }
    // a refusal is a 400 before execution, without `data` (GraphQL over HTTP: a request error)
    const refused = invalid.filter((e) => e.extensions.code === LIMIT_EXCEEDED);
    if (refused.length > 0) return { status: 400, body: { errors: refused.map((e) => e.toJSON()) } };
    const vars = checkVariables(variables, config.limits);
    if ('error' in vars) return { status: 400, body: { errors: [vars.error.toJSON()] } };
    if (invalid.length > 0) {
      return { status: 200, validation: true, body: { errors: answeredValidationErrors(invalid, config.nue), data: null } };
    }
    const opName = typeof operationName === 'string' ? operationName : undefined;
    const operation = getOperationAST(document, opName);
    if (!operation) {
      const message = opName ? `Unknown operation named "${opName}".` : 'Must provide operation name if query contains multiple operations.';
      return { status: 400, body: { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] } };
    }
    if (req.method === 'GET' && operation.operation !== 'query') {
      res.setHeader('allow', 'POST');
      return { status: 405, body: { errors: [{ message: `Can only perform a ${operation.operation} operation from a POST request.`, extensions: { code: 'BAD_REQUEST' } }] } };
    }
    const ctx: Ctx = { options: runOptions(req), explain: [], cache: [] };
    const result = await execute({ schema, document, contextValue: ctx, variableValues: vars.variables, operationName: opName });
    if (ctx.cache.length > 0) {
      const all = (s: CacheStatus): boolean => ctx.cache.every((c) => c === s);
      res.setHeader('x-aggproxy-cache', all('hit') ? 'hit' : all('explain') ? 'explain' : all('bypass') ? 'bypass' : 'miss');
    }
    if (ctx.options.explain && !result.errors) return { status: 200, body: { explain: ctx.explain } };
    if (result.errors && result.errors.length > 0) {
      const found = expandFieldErrors(result.errors);
      const shown = blocksSuggestions(config.nue) ? maskSuggestions(found) : found;
      const errors = shown.map((e) => {
        const json = e.toJSON();
        return { ...json, extensions: { code: 'BAD_USER_INPUT', ...json.extensions } };
      });
      // no partial answers: any error voids the data
      const retry = errors.map((e) => Number((e.extensions as { retryAfterSeconds?: unknown }).retryAfterSeconds)).filter((n) => n > 0);
      if (retry.length > 0) res.setHeader('retry-after', String(Math.max(...retry)));
      if (!res.getHeader('x-aggproxy-cache')) res.setHeader('x-aggproxy-cache', ctx.options.bypassCache ? 'bypass' : 'miss');
      return { status: statusFor(errors.map((e) => e.extensions.code)), body: { errors, data: null } };
    }
    // introspection answers in standard GraphQL form whatever the envelope: schema tools read `data.__schema`
    return { status: 200, ok: true, body: { data: envelope(result.data ?? null, isIntrospection(operation)) } };
  };

  const handler = async (req: Request, res: Response): Promise<void> => {
    const graphqlResponse = acceptsGraphQLResponse(req.get('accept'));
    const send = async (status: number, body: unknown, memoizable: boolean): Promise<void> => {
      if (!graphqlResponse) return sendJson(res, status, body, memoizable);
      res.status(status).type(GRAPHQL_RESPONSE_TYPE).send(await stringifyInSlices(body));
    };
    const requests = requestsOf(req);
    if ('error' in requests) {
      await send(400, { errors: [requests.error] }, false);
      return;
    }
    if (!requests.batch) {
      const a = await answerOne(req, res, requests.items[0]!);
      await send(graphqlResponseStatus(a, graphqlResponse), a.body, a.ok === true);
      return;
    }
    // a batch answers one result per element, in order, each as it would alone; the HTTP status is 200
    const answers: unknown[] = [];
    for (const one of requests.items) answers.push((await answerOne(req, res, one)).body);
    await send(200, answers, false);
  };

  return handler;
}
