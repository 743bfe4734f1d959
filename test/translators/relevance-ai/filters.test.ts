/**
 * Relevance AI filters comparing a date field: a value the engine cannot read as a date is a 400
 * at its `condition_value` (the engine failed the whole search on it: a 502 before). No engine.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { schemaFromMapping } from '../../../src/ir/schema.js';
import { ProxyError, type ErrorDetail } from '../../../src/errors/proxy-error.js';
import { lowerFilters } from '../../../translators/relevance-ai/filters.js';
import type { LegacyFilter } from '../../../translators/relevance-ai/types.js';

const mapping = JSON.parse(readFileSync(new URL('../../../fixtures/relevance/mapping.json', import.meta.url), 'utf8')) as { properties: Parameters<typeof schemaFromMapping>[1] };
const schema = schemaFromMapping('listings', mapping.properties);

function lowered(filters: unknown[]): unknown {
  try {
    return lowerFilters(filters as LegacyFilter[], schema);
  } catch (e) {
    if (e instanceof ProxyError) return e.detail;
    throw e;
  }
}
const date = (filter_type: string, condition: string, condition_value: unknown) => ({ field: 'listingDate', filter_type, condition, condition_value });

describe('relevance-ai date filter values', () => {
  it.each([
    ['date', '>=', 'x'], ['date', '<', '2024-13-45'], ['date', '>', '2024-02-30'], ['date', '<=', '2024-01-01 10:00:00'], ['date', '==', 'now-1x'],
    ['numeric', '>', 1e20], ['exact_match', '==', 'x'], ['category', '!=', '2024-04-31'], ['date', '>=', true],
  ])('%s %s %j is a 400 at the value', (type, cond, v) => {
    expect(lowered([{ field: 'title', filter_type: 'contains', condition: '==', condition_value: 'a' }, date(type, cond, v)])).toEqual({
      kind: 'invalid_query',
      message: `condition_value ${JSON.stringify(v)} is not a date for the date field 'listingDate': use an ISO-8601 date or date-time (2024-01-31, 2024-01-31T12:00:00Z) or epoch milliseconds`,
      at: { pointer: '/filters/1/condition_value' },
    });
  });

  it('a list on a date field is checked value by value', () => {
    expect(lowered([date('exact_match', '==', ['2024-01-01', '2024-01-32'])])).toMatchObject({ kind: 'invalid_query', at: { pointer: '/filters/0/condition_value/1' } });
  });

  it.each([['date', '<', '2022-01-01'], ['date', '>=', '2022-01-01T10:00:00+10:00'], ['date', '>', 'now-1y/d'], ['date', '<', '2022-01-01||+1M'], ['numeric', '>', 1640995200000], ['date', '>', '1640995200000'], ['exact_match', '==', '2021-06-30']])(
    '%s %s %j reaches the engine as given',
    (type, cond, v) => {
      expect(JSON.stringify(lowered([date(type, cond, v)]))).toContain(JSON.stringify(v));
    },
  );

  it('other fields keep their values as they are', () => {
    expect(lowered([{ field: 'title', filter_type: 'exact_match', condition: '==', condition_value: 'x' }])).toMatchObject({ kind: 'term', value: 'x' });
  });
});
