/** The Explore API's routes (v2.1, v2.0, the /api/ catch-all) for the OpenAPI document. */
import { get, json, pathParam, rows, type Paths } from '../../../src/openapi/build.js';

const TAG = 'Opendatasoft';
const odsError = { type: 'object', required: ['message', 'error_code'], properties: { message: { type: 'string' }, error_code: { type: 'string', examples: ['ODSQLError', 'InvalidRESTParameterError', 'NoSuchDataset', 'NotFound'] } } };
const errors = {
  '400': json(odsError, 'ODSQLError (the clause and the character) or InvalidRESTParameterError (the parameter)'),
  '401': json(odsError, 'missing or wrong API key'),
  '404': json(odsError, 'NoSuchDataset'),
};
const q = (name: string, description: string) => ({ name, in: 'query', required: false, schema: { type: 'string' }, description });
const odsql = [
  q('select', 'ODSQL select: fields, aggregates (count(*), sum, avg, min, max, median, percentile, count(distinct f)), aliases with AS'),
  q('where', 'ODSQL condition; repeatable (AND)'),
  q('group_by', 'fields, range(f, step), range(f, *, a, b, *), year()/month()/day()/hour()/minute()/second(), date_format(f, pattern)'),
  q('order_by', 'columns, aliases or aggregates with ASC/DESC'),
  q('limit', '0..100, default 10'),
  q('offset', 'offset + limit <= 10000'),
  q('refine', 'field:value facet filter; repeatable'),
  q('exclude', 'field:value facet exclusion; repeatable'),
  q('timezone', 'an IANA time zone (default UTC): datetimes print with its offset; date periods, date functions and now() follow its calendar'),
];
const ds = pathParam('dataset', 'the dataset');
const obj = { type: 'object', additionalProperties: true };
const page = { type: 'object', required: ['total_count', 'results'], properties: { total_count: { type: 'integer' }, results: rows } };

export function explorePaths(): Paths {
  const V21 = '/api/explore/v2.1/catalog/datasets';
  const V20 = '/api/v2/catalog/datasets';
  const notFound = { tags: [TAG], summary: 'Any other path under /api/: 404 NotFound in Opendatasoft\'s error shape', responses: { '404': json(odsError, 'NotFound') } };
  const notFoundRest = { ...notFound, parameters: [pathParam('rest', 'the rest of the path')] };
  return {
    [V21]: { get: get({ tag: TAG, summary: 'The exposed datasets (where on dataset_id/title, limit, offset)', params: [q('where', 'ODSQL over dataset_id and title'), q('limit', '0..100'), q('offset', 'offset')], ok: page, errors }) },
    [`${V21}/{dataset}`]: { get: get({ tag: TAG, summary: 'A dataset\'s metadata: fields with ODS types and labels', params: [ds], ok: obj, errors }) },
    [`${V21}/{dataset}/records`]: { get: get({ tag: TAG, summary: 'Records, or groups with group_by/aggregates (ODSQL)', params: [ds, ...odsql], ok: page, errors }) },
    [`${V21}/{dataset}/facets`]: { get: get({ tag: TAG, summary: 'Facets: values of each facet field with their counts', params: [ds, q('facet', 'a field name; repeatable'), q('where', 'ODSQL'), q('refine', 'field:value'), q('exclude', 'field:value')], ok: obj, errors }) },
    [`${V21}/{dataset}/exports/{format}`]: { get: get({ tag: TAG, summary: 'Export records or groups as json, jsonl or csv (delimiter, list_separator, with_bom), written page by page; limit -1 (default) for everything', params: [ds, pathParam('format', 'json, jsonl or csv'), ...odsql, q('delimiter', 'csv: one character, default ;'), q('list_separator', 'csv: default ,'), q('with_bom', 'csv: true (default) or false')], ok: obj, errors }) },
    [`${V20}/{dataset}`]: { get: get({ tag: TAG, summary: 'v2.0: a dataset\'s metadata with links', params: [ds], ok: obj, errors }) },
    [`${V20}/{dataset}/records`]: { get: get({ tag: TAG, summary: 'v2.0: records as {links, record: {fields}}', params: [ds, ...odsql.filter((p) => p.name !== 'group_by')], ok: obj, errors }) },
    [`${V20}/{dataset}/aggregates`]: { get: get({ tag: TAG, summary: 'v2.0: groups as {links, aggregations}', params: [ds, ...odsql], ok: obj, errors }) },
    '/api': { get: notFound, post: notFound },
    '/api/{rest}': { get: notFoundRest, post: notFoundRest },
  };
}
