/**
 * The schema of `POST /datasets/{id}/simple_search` (the SDK's `dataset.search(QueryBuilder())`),
 * in Relevance's camelCase. Served: filters, sort, page (0-based), pageSize, includeFields,
 * excludeFields, fieldsToAggregate, fieldsToAggregateStats, includeRelevance, includeDataset, and
 * text search (query, fieldsToSearch). The search features the proxy has no engine for (vector
 * search: the mapping holds no vectors; answers, boosters, fuzzy/sentence weights, cursors) are
 * listed so that asking for one is a 400 naming it, never ignored.
 */
export const UNSUPPORTED_SEARCH_KEYS = [
  'queryConfig', 'vectorSearchQuery', 'realtimeClustering', 'minimumRelevance',
  'instantAnswerQuery', 'textSort', 'relevanceBoosters', 'afterId',
] as const;

const fieldList = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

export const searchSchema = {
  type: 'object',
  properties: {
    filters: { type: 'array', items: { type: 'object' }, default: [] },
    query: { type: 'string' },
    fieldsToSearch: {
      type: 'array',
      items: {
        anyOf: [
          { type: 'string', minLength: 1 },
          { type: 'object', required: ['field'], additionalProperties: false, properties: { field: { type: 'string', minLength: 1 }, weight: { type: 'number', minimum: 0 } } },
        ],
      },
    },
    sort: { type: 'object', additionalProperties: { enum: ['asc', 'desc'] }, default: {} },
    page: { type: 'integer', minimum: 0, default: 0 },
    pageSize: { type: 'integer', minimum: 0, default: 10 },
    includeFields: fieldList,
    excludeFields: fieldList,
    fieldsToAggregate: {
      type: 'array',
      default: [],
      items: {
        anyOf: [
          { type: 'string', minLength: 1 },
          {
            type: 'object',
            required: ['key'],
            additionalProperties: false,
            properties: { key: { type: 'string', minLength: 1 }, resultsSize: { type: 'integer', minimum: 1 }, fieldsToAggregate: { type: 'array' } },
          },
        ],
      },
    },
    fieldsToAggregateStats: {
      type: 'array',
      default: [],
      items: {
        anyOf: [
          { type: 'string', minLength: 1 },
          { type: 'object', required: ['key'], additionalProperties: false, properties: { key: { type: 'string', minLength: 1 }, interval: { type: 'number', exclusiveMinimum: 0 } } },
        ],
      },
    },
    includeRelevance: { type: 'boolean', default: true },
    includeDataset: { type: 'boolean', default: false },
    // no vector fields are served, so including them or not changes nothing; cleaning is what the proxy does anyway
    includeVectors: { type: 'boolean' },
    cleanPayloadUsingSchema: { type: 'boolean' },
    ...Object.fromEntries(UNSUPPORTED_SEARCH_KEYS.map((k) => [k, {}])),
  },
  additionalProperties: false,
} as const;
