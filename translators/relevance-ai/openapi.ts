/** Relevance AI's routes for the OpenAPI document; the request schemas are the ajv ones the parser validates with. */
import { get, json, openApiPath, pathParam, post, rows, type Paths } from '../../src/openapi/build.js';
import { aggregateSchema, clusterSchema, facetsSchema } from './schema.js';
import { searchSchema } from './search-schema.js';

const TAG = 'Relevance AI';

const errors = {
  '400': json({ type: 'object', required: ['message'], properties: { message: { type: 'string' }, loc: { type: 'array', items: { type: ['string', 'integer'] } } } }, 'unsupported or inconsistent request (names the part)'),
  '401': json({ type: 'object', properties: { message: { type: 'string' } } }, 'missing or wrong credentials'),
  '404': json({ type: 'object', required: ['message'], properties: { message: { type: 'string' } } }, 'unknown dataset'),
  '422': json(
    { type: 'object', required: ['detail'], properties: { detail: { type: 'array', items: { type: 'object', properties: { loc: { type: 'array' }, msg: { type: 'string' }, type: { type: 'string' } } } } } },
    'schema violations, FastAPI style, every one listed',
  ),
  '502': json({ type: 'object', properties: { message: { type: 'string' } } }, 'engine unreachable'),
  '504': json({ type: 'object', properties: { message: { type: 'string' } } }, 'engine timeout'),
};

const aggregateAnswer = { type: 'object', required: ['results'], properties: { results: rows } };
const clusterAnswer = {
  type: 'object',
  required: ['results', 'info'],
  properties: {
    results: { type: 'object', additionalProperties: rows },
    info: { type: 'object', additionalProperties: { type: 'object', properties: { count: { type: 'integer' }, percentage: { type: 'number' } } } },
  },
};
const withDataset = (s: typeof aggregateSchema | typeof clusterSchema) => ({
  ...s,
  properties: { ...s.properties, dataset_id: { type: 'string' }, dataset_ids: { type: 'array', items: { type: 'string' }, minItems: 1 } },
});
const id = pathParam('id', 'the dataset');
const counts = { type: 'object', additionalProperties: { type: 'integer' } };
const searchAnswer = {
  type: 'object',
  required: ['results', 'resultsSize', 'aggregations', 'aggregates', 'aggregateStats'],
  properties: {
    results: rows,
    resultsSize: { type: 'integer' },
    aggregations: { type: 'object', additionalProperties: counts },
    aggregates: { type: 'object', additionalProperties: { type: 'object', properties: { results: counts, aggregates: { type: 'object' } } } },
    aggregateStats: {
      type: 'object',
      additionalProperties: { type: 'object', properties: { min: { type: ['number', 'null'] }, max: { type: ['number', 'null'] }, avg: { type: ['number', 'null'] }, sum: { type: ['number', 'null'] }, results: counts } },
    },
    afterId: { type: 'array' },
  },
};
const listAnswer = { type: 'object', required: ['datasets', 'count'], properties: { datasets: { type: 'array', items: { type: 'string' } }, count: { type: 'integer' } } };
const schemaAnswer = { type: 'object', additionalProperties: { enum: ['text', 'numeric', 'date', 'bool', 'dict'] } };
const facetsAnswer = {
  type: 'object',
  required: ['results'],
  properties: {
    results: {
      type: 'object',
      additionalProperties: {
        oneOf: [rows, { type: 'object', properties: { min: { type: ['number', 'string', 'null'] }, max: { type: ['number', 'string', 'null'] } } }],
      },
    },
  },
};

export function relevancePaths(): Paths {
  const paths: Paths = {};
  for (const base of ['', '/latest', '/v1']) {
    paths[openApiPath(`${base}/datasets/:id/aggregate`)] = {
      post: post({ tag: TAG, summary: 'Aggregate a dataset (groupby × metrics)', params: [id], body: aggregateSchema, ok: aggregateAnswer, errors }),
    };
    paths[openApiPath(`${base}/datasets/:id/cluster/aggregate`)] = {
      post: post({ tag: TAG, summary: 'Aggregate per cluster label', params: [id], body: clusterSchema, ok: clusterAnswer, errors }),
    };
    paths[`${base}/datasets/list`] = { get: get({ tag: TAG, summary: 'The datasets the key may read', ok: listAnswer, errors: { '401': errors['401'] } }) };
    paths[openApiPath(`${base}/datasets/:id/schema`)] = {
      get: get({ tag: TAG, summary: "A dataset's fields in Relevance's types (text, numeric, date, bool, dict)", params: [id], ok: schemaAnswer, errors: { '401': errors['401'], '404': errors['404'] } }),
    };
    paths[openApiPath(`${base}/datasets/:id/facets`)] = {
      post: post({ tag: TAG, summary: 'Facets: value frequencies (text, bool), min and max (numbers, dates)', params: [id], body: facetsSchema, ok: facetsAnswer, errors }),
    };
    paths[openApiPath(`${base}/datasets/:id/simple_search`)] = {
      post: post({ tag: TAG, summary: 'Documents matching filters (sort, page, pageSize) with facets of the matches (fieldsToAggregate, fieldsToAggregateStats)', params: [id], body: searchSchema, ok: searchAnswer, errors }),
    };
    paths[`${base}/services/aggregate/aggregate`] = {
      post: post({ tag: TAG, summary: 'Aggregate, dataset named in the body (dataset_id or dataset_ids)', body: withDataset(aggregateSchema), ok: aggregateAnswer, errors }),
    };
    paths[`${base}/services/cluster/aggregate`] = {
      post: post({ tag: TAG, summary: 'Cluster aggregate, dataset named in the body', body: withDataset(clusterSchema), ok: clusterAnswer, errors }),
    };
  }
  return paths;
}
