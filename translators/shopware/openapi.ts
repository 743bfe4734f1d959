/** Shopware's Admin API read routes for the OpenAPI document. */
import { get, json, pathParam, post, rows, type Paths } from '../../src/openapi/build.js';

const TAG = 'Shopware DAL';

const jsonApiErrors = {
  type: 'object',
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['status', 'code', 'title', 'detail'],
        properties: {
          status: { type: 'string' },
          code: { type: 'string' },
          title: { type: 'string' },
          detail: { type: 'string' },
          source: { type: 'object', properties: { pointer: { type: 'string' } } },
          meta: { type: 'object' },
        },
      },
    },
  },
};
const errors = {
  '400': json(jsonApiErrors, 'invalid criteria (every problem, with its JSON pointer)'),
  '401': json(jsonApiErrors, 'missing, wrong or expired bearer token'),
  '404': json(jsonApiErrors, 'unknown entity'),
  '502': json(jsonApiErrors, 'engine unreachable'),
  '504': json(jsonApiErrors, 'engine timeout'),
};
const filter = { type: 'object', required: ['type'], properties: { type: { type: 'string' }, field: { type: 'string' }, value: {}, operator: { type: 'string' }, queries: { type: 'array' }, parameters: { type: 'object' } } };
const criteria = {
  type: 'object',
  description: 'Shopware Criteria (see the README for what each key supports; unsupported keys are 400s naming them)',
  properties: {
    ids: { type: 'array', items: { type: 'string' } },
    filter: { type: 'array', items: filter },
    'post-filter': { type: 'array', items: filter },
    query: { type: 'array', items: { type: 'object', properties: { score: { type: 'number' }, query: filter } } },
    limit: { type: ['integer', 'null'], minimum: 0 },
    page: { type: 'integer', minimum: 1 },
    'total-count-mode': { oneOf: [{ type: 'integer', enum: [0, 1, 2] }, { type: 'string', enum: ['none', 'exact', 'next-pages'] }] },
    sort: { type: 'array', items: { type: 'object', required: ['field'], properties: { field: { type: 'string' }, order: { type: 'string', enum: ['ASC', 'DESC', 'asc', 'desc'] }, naturalSorting: { type: 'boolean' } } } },
    includes: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    aggregations: { type: 'array', items: { type: 'object', required: ['name', 'type'], properties: { name: { type: 'string' }, type: { type: 'string' }, field: { type: 'string' } } } },
    term: { type: 'string', description: 'not supported (400)' },
  },
};
const searchAnswer = { type: 'object', properties: { total: { type: 'integer' }, data: rows, aggregations: { type: 'object' } } };
const idsAnswer = { type: 'object', properties: { total: { type: 'integer' }, data: { type: 'array', items: { type: 'string' } } } };
const entity = pathParam('entity', 'the entity (an exposed dataset)');
const version = { type: 'object', required: ['version'], properties: { version: { type: 'string' } } };
const id = pathParam('id', 'the record id (32 hex digits)');
const aggregateAnswer = { type: 'object', properties: { total: { const: 0 }, data: { type: 'array', maxItems: 0 }, aggregations: { type: 'object' } } };
const accept = { name: 'Accept', in: 'header', required: false, description: '`application/vnd.api+json` for the JSON:API form', schema: { type: 'string' } };
/** RequestCriteriaBuilder reads a GET read's criteria from the query string (PHP bracket syntax) */
const queryCriteria = ['limit', 'page', 'sort', 'filter', 'post-filter', 'ids', 'includes', 'total-count-mode', 'aggregations', 'query', 'term'].map((name) => ({
  name,
  in: 'query',
  required: false,
  description: `criteria \`${name}\` (nested keys in brackets: \`filter[0][type]=equals\`); any other parameter is a 400`,
  schema: { type: 'string' },
}));
const readErrors = { ...errors, '404': json(jsonApiErrors, 'unknown entity, route or record (FRAMEWORK__RESOURCE_NOT_FOUND)'), '415': json(jsonApiErrors, 'an Accept naming neither JSON nor JSON:API') };

/** GET on a path whose route takes another method: Symfony's 405 (404 for /api/_info), before any token check. */
const misrouted = (params: readonly Record<string, unknown>[], status: '404' | '405') => ({
  tags: [TAG],
  summary: status === '405' ? 'Not a GET route: Method Not Allowed (code "0")' : 'No route (code "0")',
  ...(params.length > 0 ? { parameters: params } : {}),
  responses: { [status]: json(jsonApiErrors, 'Symfony\'s routing error as Shopware renders it') },
});

const scopes = { oneOf: [{ type: 'string', description: 'space-delimited' }, { type: 'array', items: { type: 'string' } }] };
const tokenRequest = {
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['grant_type', 'client_id', 'client_secret'], properties: { grant_type: { const: 'client_credentials' }, client_id: { type: 'string' }, client_secret: { type: 'string' } } },
    { type: 'object', additionalProperties: false, required: ['grant_type', 'client_id', 'username', 'password'], properties: { grant_type: { const: 'password' }, client_id: { const: 'administration' }, username: { type: 'string' }, password: { type: 'string' }, scope: scopes, scopes } },
    { type: 'object', additionalProperties: false, required: ['grant_type', 'client_id', 'refresh_token'], properties: { grant_type: { const: 'refresh_token' }, client_id: { const: 'administration' }, refresh_token: { type: 'string' }, scope: scopes, scopes } },
  ],
};

export function shopwarePaths(): Paths {
  return {
    '/api/_info': { get: misrouted([], '404') },
    '/api/oauth/token': {
      post: {
        tags: [TAG],
        summary: 'Token: client credentials (an integration), password (the Admin\'s login) or refresh token',
        requestBody: {
          required: true,
          content: Object.fromEntries(['application/json', 'application/x-www-form-urlencoded'].map((t) => [t, { schema: tokenRequest }])),
        },
        responses: {
          '200': json({ type: 'object', required: ['token_type', 'expires_in', 'access_token'], properties: { token_type: { const: 'Bearer' }, expires_in: { type: 'integer' }, access_token: { type: 'string' }, refresh_token: { type: 'string', description: 'password and refresh_token grants' } } }, 'the token'),
          '400': json(jsonApiErrors, 'unsupported grant (2), invalid request (3), invalid scope (5), wrong user credentials (6)'),
          '401': json(jsonApiErrors, 'wrong client credentials (4), invalid, spent or expired refresh token (8)'),
        },
      },
      get: misrouted([], '405'),
    },
    ...Object.fromEntries(['/api/_info/version', '/api/v1/_info/version'].map((p) => [p, { get: get({ tag: TAG, summary: 'The Shopware release the proxy answers as', ok: version, errors: { '401': errors['401'] } }) }])),
    '/api/search/{entity}': { get: misrouted([entity], '405'), post: post({ tag: TAG, summary: 'Search an entity: records, total and aggregations', params: [entity, accept], body: criteria, ok: searchAnswer, errors: readErrors }) },
    '/api/search-ids/{entity}': { get: misrouted([entity], '405'), post: post({ tag: TAG, summary: 'Search an entity: ids only', params: [entity], body: criteria, ok: idsAnswer, errors }) },
    '/api/aggregate/{entity}': { get: misrouted([entity], '405'), post: post({ tag: TAG, summary: 'Aggregate an entity: aggregations only', params: [entity, accept], body: criteria, ok: aggregateAnswer, errors: readErrors }) },
    '/api/{entity}': { get: get({ tag: TAG, summary: 'List an entity, criteria from the query string', params: [entity, accept, ...queryCriteria], ok: searchAnswer, errors: readErrors }) },
    '/api/{entity}/{id}': { get: get({ tag: TAG, summary: 'Read one record', params: [entity, id, accept, ...queryCriteria.filter((p) => p.name === 'includes')], ok: { type: 'object', properties: { data: { type: 'object' } } }, errors: readErrors }) },
  };
}
