/**
 * The schema of one Relevance AI filter, in either of its two forms: the legacy list item
 * (`filter_type`, `condition`, `condition_value`) or the object form the SDK's FilterBuilder emits
 * (`{match: {field, value}}`, `{range: {...}}`, `{or: [[...], ...]}`, ...). Compiled on its own
 * because the object form nests (`or`, `not`) and a recursive `$ref` has no place in the
 * request schemas the OpenAPI document embeds.
 */
import { Ajv } from 'ajv';
import type { Filter, LegacyFilter } from './types.js';

/** A key the legacy form has and the object form has not: such an item is read as legacy. */
const LEGACY_KEYS = ['filter_type', 'condition', 'condition_value', 'strict', 'field'] as const;

/** The object-form filters served, and those of Relevance's list that are refused by name. */
export const OBJECT_FILTERS = ['match', 'wildcard', 'range', 'matchIds', 'fieldExists', 'or', 'not'] as const;
export const UNSUPPORTED_OBJECT_FILTERS = [
  'matchArray', 'random', 'search', 'matchModulo', 'dedupeByValue', 'selfreference', 'wordCount', 'characterCount', 'chunk',
] as const;

const field = { type: 'string', minLength: 1 } as const;
/**
 * FilterBuilder's generic `filter(type, key, value, ...options)` names the field `key` and spreads
 * its options array into the body, so they arrive under `"0"`, `"1"`, ...: read as options.
 */
const spreadOptions = { '^[0-9]+$': { type: 'object' } } as const;
const fieldBody = (props: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  required,
  properties: { field, key: field, ...props },
  patternProperties: spreadOptions,
  additionalProperties: false,
});
const bound = { type: ['number', 'string'] } as const;
const self = { $ref: '#' } as const;
const filterOrList = { if: { type: 'array' }, then: { type: 'array', minItems: 1, items: self }, else: self } as const;

const legacy = {
  type: 'object',
  required: ['filter_type'],
  properties: {
    field: { type: 'string' },
    filter_type: { type: 'string' },
    condition: { enum: ['==', '!=', '>=', '>', '<', '<='] },
    strict: { enum: ['must', 'should', 'must_or'] },
    condition_value: {},
  },
  // a key the legacy form does not read (an object-form key beside filter_type, case_insensitive, ...) would go unused
  additionalProperties: false,
} as const;

const objectForm = {
  type: 'object',
  minProperties: 1,
  properties: {
    match: fieldBody({ value: {}, fuzzy: { type: 'boolean' } }, ['value']),
    wildcard: fieldBody({ value: { type: ['string', 'array'], items: { type: 'string' } } }, ['value']),
    range: fieldBody({ greaterThan: bound, lessThan: bound, greaterThanOrEqualTo: bound, lessThanOrEqualTo: bound }),
    matchIds: { type: 'object', required: ['value'], properties: { value: {} }, additionalProperties: false },
    fieldExists: fieldBody({}),
    or: { type: 'array', minItems: 1, items: filterOrList },
    not: filterOrList,
    ...Object.fromEntries(UNSUPPORTED_OBJECT_FILTERS.map((k) => [k, {}])),
  },
  additionalProperties: false,
} as const;

export const filterSchema = {
  type: 'object',
  if: { anyOf: LEGACY_KEYS.map((k) => ({ required: [k] })) },
  then: legacy,
  else: objectForm,
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
export const validateFilter = ajv.compile<Filter>(filterSchema);

export function isLegacyFilter(f: Filter): f is LegacyFilter {
  return LEGACY_KEYS.some((k) => k in f);
}
