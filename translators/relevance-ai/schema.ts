/**
 * Request schemas (ajv, compiled once at load) and the parse stage: raw JSON → typed request
 * with defaults, or every violation as a FastAPI-style diagnostic with its location.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { Collector } from '../../src/errors/collector.js';
import {
  CATEGORY_AGGS, METRIC_AGGS, NUMERIC_AGGS, UNSUPPORTED_GROUP_AGGS, UNSUPPORTED_METRIC_AGGS,
  type AggregateRequest, type ClusterRequest, type SearchRequest,
} from './types.js';
import { defaultLimits, type Limits } from '../../src/policy/limits.js';
import { checkRelevanceBody } from './bounds.js';
import { within } from '../../src/policy/refuse.js';
import type { FacetsRequest } from './facets.js';
import { searchSchema } from './search-schema.js';
import { OBJECT_FILTERS, validateFilter } from './filter-schema.js';

const positiveInt = { type: 'integer', minimum: 1 } as const;

const groupBy = {
  type: 'object',
  required: ['name', 'field', 'agg'],
  properties: {
    name: { type: 'string', minLength: 1 },
    field: { type: 'string', minLength: 1 },
    agg: { enum: [...CATEGORY_AGGS, ...NUMERIC_AGGS, ...UNSUPPORTED_GROUP_AGGS] },
    page_size: positiveInt,
    date_interval: { enum: ['monthly', 'daily', 'yearly', 'hourly', 'minutely', 'weekly'] },
    buckets: {
      anyOf: [
        {
          type: 'object',
          required: ['histogram'],
          additionalProperties: false,
          properties: {
            histogram: {
              type: 'object',
              required: ['interval'],
              properties: { interval: { type: 'number', exclusiveMinimum: 0 }, min_doc_count: { type: 'integer', minimum: 0 } },
            },
          },
        },
        {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            properties: { from: { type: 'number' }, to: { type: 'number' } },
          },
        },
      ],
    },
  },
} as const;

const metric = {
  type: 'object',
  required: ['name', 'agg'],
  properties: {
    name: { type: 'string', minLength: 1 },
    field: { type: 'string', minLength: 1 },
    fields: { type: 'array', items: { type: 'string' } },
    agg: { enum: [...METRIC_AGGS, ...UNSUPPORTED_METRIC_AGGS] },
  },
} as const;

const aggregateProperties = {
  aggregation_query: {
    type: 'object',
    properties: {
      groupby: { type: 'array', items: groupBy, default: [] },
      metrics: { type: 'array', items: metric, default: [] },
      sort: {
        type: 'array',
        items: {
          anyOf: [
            { type: 'string' },
            { type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: { enum: ['asc', 'desc'] } },
          ],
        },
      },
    },
  },
  // each item is checked by filter-schema.ts (its object form nests, which a recursive $ref would need)
  filters: { type: 'array', items: { type: 'object', description: 'a legacy filter (filter_type, condition, condition_value) or an object filter (match, wildcard, range, matchIds, fieldExists, or, not)' }, default: [] },
  page_size: { ...positiveInt, default: 20 },
  page: { ...positiveInt, default: 1 },
  asc: { type: 'boolean', default: false },
} as const;

export const aggregateSchema = { type: 'object', required: ['aggregation_query'], properties: aggregateProperties } as const;

export const clusterSchema = {
  type: 'object',
  required: ['aggregation_query', 'vector_fields'],
  properties: {
    ...aggregateProperties,
    vector_fields: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    alias: { type: 'string', minLength: 1, default: 'default' },
    cluster_field: { type: 'string', minLength: 1 },
    cluster_ids: { type: 'array', items: { type: ['string', 'number'] } },
    cluster_properties_filter: {
      type: 'object',
      properties: {
        minimum_cluster_size: { type: 'integer', minimum: 0 },
        minimum_cluster_size_filter_type: { enum: ['or', 'and'] },
        cluster_page: positiveInt,
        cluster_page_size: positiveInt,
      },
    },
  },
} as const;

export const facetsSchema = {
  type: 'object',
  properties: {
    fields: { type: 'array', items: { type: 'string', minLength: 1 }, default: [] },
    date_interval: { enum: ['monthly', 'daily', 'yearly', 'hourly', 'minutely', 'weekly'] },
    page_size: { ...positiveInt, default: 1000 },
    asc: { type: 'boolean', default: false },
  },
  additionalProperties: false,
} as const;

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const validateAggregate = ajv.compile<AggregateRequest>(aggregateSchema);
const validateCluster = ajv.compile<ClusterRequest>(clusterSchema);
const validateFacets = ajv.compile<FacetsRequest>(facetsSchema);
const validateSearch = ajv.compile<SearchRequest>(searchSchema);

/** FastAPI's error type names for the ajv keywords we use. */
function ruleOf(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return 'value_error.missing';
    case 'enum':
      return 'type_error.enum';
    case 'type':
      return `type_error.${String(e.params.type).split(',')[0]}`;
    case 'additionalProperties':
      return 'value_error.extra';
    case 'minimum':
    case 'exclusiveMinimum':
      return 'value_error.number.not_ge';
    default:
      return `value_error.${e.keyword}`;
  }
}

/** One ajv error as a FastAPI-style diagnostic (its `type` the rule), added to `c`. */
function addDiagnostic(c: Collector, e: ErrorObject): void {
  let path = e.instancePath;
  let message = e.message ?? 'invalid value';
  if (e.keyword === 'required') {
    path += '/' + String(e.params.missingProperty);
    message = 'field required';
  } else if (e.keyword === 'additionalProperties') {
    path += '/' + String(e.params.additionalProperty);
    message = 'extra fields not permitted';
  } else if (e.keyword === 'minProperties') {
    message = `empty filter: give filter_type (legacy form) or one of ${OBJECT_FILTERS.join(', ')}`;
  } else if (e.keyword === 'enum') {
    message = `value is not a valid enumeration member; permitted: ${(e.params.allowedValues as unknown[]).map((v) => `'${String(v)}'`).join(', ')}`;
  }
  c.add(ruleOf(e), message, path);
}

function check<T>(validate: ValidateFunction<T>, body: unknown): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ProxyError({ kind: 'invalid_request', message: 'value is not a valid dict', at: { pointer: '' }, rule: 'type_error.dict' });
  }
  const valid = validate(body);
  const errors = [...(validate.errors ?? []), ...filterErrors(body)];
  if (valid && errors.length === 0) return body;
  const c = new Collector();
  // `anyOf` and `if` report each branch; the branch errors already name the real problem
  for (const e of errors) if (e.keyword !== 'anyOf' && e.keyword !== 'if') addDiagnostic(c, e);
  if (c.problems.length === 0) c.add('value_error', 'invalid request', '');
  // only added problems, no caught error: one invalid_request listing them all, as FastAPI's 422
  throw c.error();
}

/** Each filter item, against the filter schema, its errors placed under `/filters/i`. */
function filterErrors(body: object): ErrorObject[] {
  const list = (body as { filters?: unknown }).filters;
  if (!Array.isArray(list)) return [];
  return list.flatMap((f, i) => {
    if (f === null || typeof f !== 'object' || Array.isArray(f) || validateFilter(f)) return [];
    return (validateFilter.errors ?? []).map((e) => ({ ...e, instancePath: `/filters/${i}${e.instancePath}` }));
  });
}

// bounds first: before the body is copied, validated or lowered
export function parseAggregate(body: unknown, limits: Limits = defaultLimits): AggregateRequest {
  checkRelevanceBody(body, limits);
  return check(validateAggregate, structuredClone(body));
}
export function parseCluster(body: unknown, limits: Limits = defaultLimits): ClusterRequest {
  checkRelevanceBody(body, limits);
  return check(validateCluster, structuredClone(body));
}

export function parseFacets(body: unknown, limits: Limits = defaultLimits): FacetsRequest {
  const raw = body === undefined || body === null ? {} : body;
  const req = check(validateFacets, structuredClone(raw));
  within('maxAggregations', limits.maxAggregations, req.fields.length, `${req.fields.length} facet fields`, { pointer: `/fields/${limits.maxAggregations}` });
  within('maxBuckets', limits.maxBuckets, req.page_size, `a page_size of ${req.page_size}`, { pointer: '/page_size' });
  return req;
}

export function parseSearch(body: unknown, limits: Limits = defaultLimits): SearchRequest {
  const raw = body === undefined || body === null ? {} : body;
  checkRelevanceBody(raw, limits);
  const req = check(validateSearch, structuredClone(raw));
  for (const key of ['fieldsToAggregate', 'fieldsToAggregateStats'] as const) {
    const n = req[key].length;
    within('maxAggregations', limits.maxAggregations, n, `${n} ${key} entries`, { pointer: `/${key}/${limits.maxAggregations}` });
  }
  req.fieldsToAggregate.forEach((f, i) => {
    const size = typeof f === 'string' ? 0 : (f.resultsSize ?? 0);
    within('maxBuckets', limits.maxBuckets, size, `a resultsSize of ${size}`, { pointer: `/fieldsToAggregate/${i}/resultsSize` });
  });
  return req;
}
