/** Nue GraphQL's routes for the OpenAPI document (the GraphQL schema itself is introspectable at the same path). */
import { explainParams, json, type Paths } from '../../src/openapi/build.js';

const TAG = 'Nue GraphQL';

const graphqlError = {
  type: 'object',
  required: ['message'],
  properties: {
    message: { type: 'string' },
    locations: { type: 'array', items: { type: 'object', properties: { line: { type: 'integer' }, column: { type: 'integer' } } } },
    path: { type: 'array', items: { type: ['string', 'integer'] } },
    extensions: { type: 'object', properties: { code: { type: 'string' } } },
  },
};
const answer = {
  type: 'object',
  description: 'data (in Nue\'s `{"result": ...}` envelope unless nue.envelope is standard), or errors with data null — never both',
  properties: { data: { type: ['object', 'null'] }, errors: { type: 'array', items: graphqlError }, explain: { type: 'array', items: { type: 'object' } } },
};
const request = {
  type: 'object',
  required: ['query'],
  properties: { query: { type: 'string', minLength: 1 }, variables: { type: ['object', 'null'] }, operationName: { type: ['string', 'null'] } },
};
const responses = {
  '200': json(answer, 'the GraphQL answer; validation and resolver errors are 200 with data null'),
  '400': json({ type: 'object', properties: { errors: { type: 'array', items: graphqlError } } }, 'missing query, unparseable document or bad JSON'),
  '401': json({ type: 'object', properties: { errors: { type: 'array', items: graphqlError } } }, 'missing or wrong nue-api-key'),
};

export function nuePaths(): Paths {
  const paths: Paths = {};
  for (const path of ['/graphql', '/api/graphql', '/api/async/graphql']) {
    paths[path] = {
      post: { tags: [TAG], summary: 'Run a GraphQL document (aggregate_<dataset> fields and plain reads)', parameters: explainParams, requestBody: { required: true, content: { 'application/json': { schema: request } } }, responses },
      get: {
        tags: [TAG],
        summary: 'Run a GraphQL document given in the query string',
        parameters: [
          { name: 'query', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'variables', in: 'query', required: false, description: 'JSON text', schema: { type: 'string' } },
          { name: 'operationName', in: 'query', required: false, schema: { type: 'string' } },
          ...explainParams,
        ],
        responses,
      },
    };
  }
  return paths;
}
