/**
 * Small builders for the OpenAPI 3.1 document (src/openapi/document.ts): each dialect describes its
 * routes in translators/<dialect>/openapi.ts with these, so the document and the routes live side by side.
 */
export type Schema = Record<string, unknown>;
export type Operation = Record<string, unknown>;
/** OpenAPI path template (`/datasets/{id}/aggregate`) → method → operation */
export type Paths = Record<string, Record<string, Operation>>;

/** Express's `/datasets/:id/aggregate` (and wildcards `/*rest`) as OpenAPI's `/datasets/{id}/aggregate`. */
export const openApiPath = (expressPath: string): string => expressPath.replace(/[:*]([A-Za-z0-9_]+)/g, '{$1}');

export const json = (schema: Schema, description = 'JSON'): Record<string, unknown> => ({
  description,
  content: { 'application/json': { schema } },
});

export const pathParam = (name: string, description: string): Record<string, unknown> => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});

/** The query parameter and header every dialect request accepts for explain. */
export const explainParams: readonly Record<string, unknown>[] = [
  { name: 'explain', in: 'query', required: false, description: 'answer with the IR, the engine requests and the notes instead of running', schema: { type: 'string', enum: ['true', '1', 'yes', ''] } },
  { name: 'x-aggproxy-explain', in: 'header', required: false, description: 'the same as ?explain=true', schema: { type: 'string' } },
  { name: 'x-aggproxy-cache', in: 'header', required: false, description: '`bypass` skips the result cache', schema: { type: 'string', enum: ['bypass'] } },
  { name: 'x-request-id', in: 'header', required: false, description: 'echoed back and sent to the engine as X-Opaque-Id (generated when absent or not a plain token)', schema: { type: 'string', pattern: '^[A-Za-z0-9._:@-]{1,128}$' } },
];

/** Headers on every dialect answer. */
export const answerHeaders = {
  'x-aggproxy-cache': { description: 'hit, miss, bypass or explain', schema: { type: 'string', enum: ['hit', 'miss', 'bypass', 'explain'] } },
  'x-request-id': { description: 'the request id', schema: { type: 'string' } },
};

export const explainSchema: Schema = {
  $ref: '#/components/schemas/Explain',
};

/** A POST operation of a dialect: body schema, success schema, error responses in the dialect's style. */
export function post(o: {
  tag: string;
  summary: string;
  params?: readonly Record<string, unknown>[];
  body: Schema;
  ok: Schema;
  errors: Record<string, Record<string, unknown>>;
  bodyTypes?: readonly string[];
}): Operation {
  const content = Object.fromEntries((o.bodyTypes ?? ['application/json']).map((t) => [t, { schema: o.body }]));
  return {
    tags: [o.tag],
    summary: o.summary,
    parameters: [...(o.params ?? []), ...explainParams],
    requestBody: { required: true, content },
    responses: {
      '200': { description: 'the answer (or, with explain, the explain document)', headers: answerHeaders, content: { 'application/json': { schema: { oneOf: [o.ok, explainSchema] } } } },
      ...o.errors,
    },
  };
}

/** A GET operation answering JSON. */
export function get(o: { tag: string; summary: string; params?: readonly Record<string, unknown>[]; ok: Schema; errors?: Record<string, Record<string, unknown>> }): Operation {
  return {
    tags: [o.tag],
    summary: o.summary,
    ...(o.params ? { parameters: o.params } : {}),
    responses: { '200': json(o.ok, 'the answer'), ...(o.errors ?? {}) },
  };
}

export const rows: Schema = { type: 'array', items: { type: 'object', additionalProperties: true } };
