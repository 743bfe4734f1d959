/** Druid SQL's route for the OpenAPI document. */
import { json, post, type Paths } from '../../../src/openapi/build.js';

const TAG = 'Apache Druid SQL';

const sqlError = {
  type: 'object',
  required: ['error', 'errorMessage'],
  properties: {
    error: { const: 'druidException' },
    errorCode: { type: 'string' },
    persona: { enum: ['USER', 'OPERATOR'] },
    category: { type: 'string' },
    errorMessage: { type: 'string', description: 'ends with (line [l], column [c]) of the offending token' },
    context: { type: 'object', properties: { line: { type: 'string' }, column: { type: 'string' } } },
    errorClass: { type: 'string' },
    host: { type: ['string', 'null'] },
  },
};
const errors = {
  '400': json(sqlError, 'malformed or unsupported SQL, unknown table or column'),
  '401': json(sqlError, 'missing or wrong basic credentials'),
  '502': json(sqlError, 'engine unreachable'),
  '504': json(sqlError, 'query timeout'),
};
const body = {
  type: 'object',
  required: ['query'],
  additionalProperties: false,
  properties: {
    query: { type: 'string' },
    resultFormat: { enum: ['object', 'array', 'objectLines', 'arrayLines', 'csv'], default: 'object' },
    header: { type: 'boolean' },
    typesHeader: { type: 'boolean' },
    sqlTypesHeader: { type: 'boolean' },
    parameters: { type: 'array', items: { type: 'object', required: ['type'], properties: { type: { type: 'string' }, value: {} } } },
    context: { type: 'object', properties: { sqlTimeZone: { type: 'string' }, sqlQueryId: { type: 'string' }, timeout: { type: 'integer' }, useApproximateCountDistinct: { type: 'boolean' }, sqlOuterLimit: { type: 'integer' } } },
  },
};

export function druidSqlPaths(): Paths {
  const op = post({
    tag: TAG,
    summary: 'Run a Druid SQL query (SELECT on a data source, INFORMATION_SCHEMA, EXPLAIN PLAN FOR)',
    body,
    ok: { description: 'rows in the resultFormat; header X-Druid-SQL-Query-Id', oneOf: [{ type: 'array' }, { type: 'string' }] },
    errors,
  });
  return { '/druid/v2/sql': { post: op }, '/druid/v2/sql/': { post: op } };
}
