/** Opendatasoft's routes for the OpenAPI document: the beta aggregate API here, the Explore API's in explore/. */
import { json, pathParam, post, rows, type Paths } from '../../src/openapi/build.js';
import { explorePaths } from './explore/openapi.js';

const TAG = 'Opendatasoft';

const odsError = { type: 'object', required: ['message', 'error_code'], properties: { message: { type: 'string' }, error_code: { type: 'string', examples: ['InvalidRequestBody', 'InvalidGroupBy', 'ODSQLError', 'NoSuchDataset'] } } };
const errors = {
  '400': json(odsError, 'invalid request; inside an expression the message names the character'),
  '401': json(odsError, 'missing or wrong API key'),
  '404': json(odsError, 'NoSuchDataset'),
  '502': json(odsError, 'engine unreachable'),
  '504': json(odsError, 'engine timeout'),
};
const groupBy = {
  oneOf: [
    { type: 'string', description: 'a field name' },
    { type: 'object', required: ['name', 'expr'], properties: { name: { type: 'string', pattern: '^[a-z0-9_]+$' }, expr: { type: 'string', description: "a field, date(field, 'pattern'), format_date(...) or range(field, ...)" } } },
  ],
};
const body = {
  type: 'object',
  required: ['aggregations'],
  properties: {
    virtual_fields: { type: 'object', additionalProperties: { type: 'string', description: 'arithmetic over numeric fields' } },
    aggregations: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        required: ['aggregates'],
        properties: {
          group_by: { type: 'array', items: groupBy },
          aggregates: { type: 'object', additionalProperties: { type: 'string', description: 'COUNT(), SUM(f), AVG, MIN, MAX, STDDEV, SUMSQUARES, PERCENTILES, arithmetic, INCREMENTAL(...)' } },
        },
      },
    },
  },
};
const answer = {
  type: 'object',
  required: ['links', 'aggregations'],
  properties: {
    links: { type: 'array', items: { type: 'object', properties: { href: { type: 'string' }, rel: { type: 'string' } } } },
    aggregations: { type: 'object', additionalProperties: rows },
  },
};

export function opendatasoftPaths(): Paths {
  const op = post({ tag: TAG, summary: 'Aggregate a dataset: named aggregations with group_by and aggregates', params: [pathParam('dataset', 'the dataset')], body, ok: answer, errors });
  return { '/api/v2/datasets/{dataset}/aggregate': { post: op }, '/api/v2/catalog/datasets/{dataset}/aggregate': { post: op }, ...explorePaths() };
}
