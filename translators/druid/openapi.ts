/** Druid's native query routes for the OpenAPI document. */
import { get, json, pathParam, post, rows, type Paths } from '../../src/openapi/build.js';

const TAG = 'Apache Druid';

const druidError = { type: 'object', required: ['error'], properties: { error: { type: 'string' }, errorMessage: { type: 'string' }, errorClass: { type: 'string' }, host: { type: ['string', 'null'] } } };
const errors = {
  '400': json(druidError, 'bad query (errorMessage carries the JSON Pointer of the offending part)'),
  '401': json(druidError, 'missing or wrong basic credentials'),
  '404': json(druidError, 'unknown data source'),
  '502': json(druidError, 'engine unreachable'),
  '504': json(druidError, 'Query timeout (context.timeout or the configured one)'),
};
const intervals = { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }] };
const common = {
  dataSource: { oneOf: [{ type: 'string' }, { type: 'object', properties: { type: { const: 'table' }, name: { type: 'string' } } }] },
  intervals,
  granularity: { oneOf: [{ type: 'string' }, { type: 'object', required: ['type'], properties: { type: { enum: ['period', 'duration', 'all', 'none'] } } }] },
  filter: { type: ['object', 'null'] },
  aggregations: { type: 'array', items: { type: 'object', required: ['type'], properties: { type: { type: 'string' }, name: { type: 'string' } } } },
  postAggregations: { type: 'array', items: { type: 'object', required: ['type'] } },
  context: { type: 'object', properties: { timeout: { type: 'integer' }, sortByDimsFirst: { type: 'boolean' }, skipEmptyBuckets: { type: 'boolean' } } },
};
const query = {
  type: 'object',
  required: ['queryType', 'dataSource'],
  discriminator: { propertyName: 'queryType' },
  oneOf: [
    { title: 'groupBy', type: 'object', properties: { ...common, queryType: { const: 'groupBy' }, dimensions: { type: 'array' }, having: { type: 'object' }, limitSpec: { type: 'object' } } },
    { title: 'timeseries', type: 'object', properties: { ...common, queryType: { const: 'timeseries' }, descending: { type: 'boolean' }, limit: { type: 'integer' } } },
    { title: 'topN', type: 'object', properties: { ...common, queryType: { const: 'topN' }, dimension: {}, threshold: { type: 'integer' }, metric: {} } },
    { title: 'search', type: 'object', properties: { dataSource: common.dataSource, intervals, granularity: common.granularity, filter: common.filter, virtualColumns: { type: 'array' }, context: common.context, queryType: { const: 'search' }, searchDimensions: { type: 'array' }, query: { type: 'object', required: ['type'] }, sort: { type: 'object' }, limit: { type: 'integer' } } },
    { title: 'metadata', type: 'object', properties: { dataSource: common.dataSource, intervals, queryType: { enum: ['segmentMetadata', 'timeBoundary', 'dataSourceMetadata', 'scan'] } } },
  ],
};
const answer = {
  description: 'groupBy: [{version, timestamp, event}]; timeseries: [{timestamp, result}]; topN: [{timestamp, result: [rows]}]; search: [{timestamp, result: [{dimension, value, count}]}]; metadata queries as Druid answers them',
  oneOf: [rows, { type: 'object' }],
};
const pretty = { name: 'pretty', in: 'query', required: false, description: 'indented JSON', schema: { type: 'string' } };

export function druidPaths(): Paths {
  const op = post({ tag: TAG, summary: 'Run a native query (groupBy, timeseries, topN, search, segmentMetadata, timeBoundary, dataSourceMetadata, scan)', params: [pretty], body: query, ok: answer, errors });
  return {
    '/druid/v2': { post: op },
    '/druid/v2/': { post: op },
    '/druid/v2/datasources': { get: get({ tag: TAG, summary: 'The data sources (exposed datasets with a time field)', ok: { type: 'array', items: { type: 'string' } }, errors }) },
    '/druid/v2/datasources/{name}': {
      get: get({ tag: TAG, summary: "A data source's dimensions and metrics", params: [pathParam('name', 'the data source')], ok: { type: 'object', properties: { dimensions: { type: 'array', items: { type: 'string' } }, metrics: { type: 'array', items: { type: 'string' } } } }, errors }),
    },
    '/status': { get: get({ tag: TAG, summary: 'The Druid version this surface follows', ok: { type: 'object', properties: { version: { type: 'string' }, modules: { type: 'array' }, memory: { type: 'object' } } } }) },
  };
}
