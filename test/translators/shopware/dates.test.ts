/**
 * Date filter values: Shopware's `Y-m-d H:i:s(.v)` (or ISO) shapes that are no calendar date are
 * refused at the value's pointer with FRAMEWORK__INVALID_FILTER_QUERY, before the engine would fail
 * the search on them (a 502 before). No engine.
 */
import { describe, expect, it } from 'vitest';
import { schemaFromMapping } from '../../../src/backend/schema.js';
import { buildConfig } from '../../../src/catalog/config.js';
import { Catalog } from '../../../src/catalog/catalog.js';
import { ANONYMOUS } from '../../../src/auth/access.js';
import { ProxyError, type ErrorDetail } from '../../../src/errors/proxy-error.js';
import { parseCriteria } from '../../../translators/shopware/parse.js';
import { lowerCriteria } from '../../../translators/shopware/lower.js';
import { mapping, productOptions } from './fixtures.js';

const schema = schemaFromMapping('product', mapping.properties);
const config = buildConfig({ datasets: { product: { index: 'product', ...productOptions } } });
const dataset = new Catalog(config).resolve('product', ANONYMOUS);

function lowered(body: unknown): string | ErrorDetail {
  try {
    return JSON.stringify(lowerCriteria({ entity: 'product', dataset, schema }, parseCriteria(body), config, false).documents.filter);
  } catch (e) {
    if (e instanceof ProxyError) return e.detail;
    throw e;
  }
}

describe('shopware date filter values', () => {
  it.each(['2024-13-45', '2024-02-30', '2023-02-29', '2024-01-01 25:00:00', '2024-01-01T10:60', '2024-01-01 10:00:00+19:00'])('range gte %j is a 400 at the parameter', (v) => {
    expect(lowered({ filter: [{ type: 'range', field: 'releaseDate', parameters: { gte: v } }] })).toMatchObject({
      kind: 'invalid_request',
      rule: 'FRAMEWORK__INVALID_FILTER_QUERY',
      message: `The value ${JSON.stringify(v)} is not a date for field "releaseDate".`,
      at: { pointer: '/filter/0/parameters/gte' },
    });
  });

  it('an equals or equalsAny on a date field is checked the same way', () => {
    expect(lowered({ filter: [{ type: 'equals', field: 'releaseDate', value: '2024-02-30' }] })).toMatchObject({ at: { pointer: '/filter/0/value' } });
    expect(lowered({ 'post-filter': [{ type: 'equalsAny', field: 'releaseDate', value: ['2024-01-01', '2024-04-31'] }] })).toMatchObject({ rule: 'FRAMEWORK__INVALID_FILTER_QUERY' });
  });

  it('a long value is cut in the message', () => {
    const d = lowered({ filter: [{ type: 'range', field: 'releaseDate', parameters: { lt: `2024-01-01${'x'.repeat(5000)}` } }] }) as ErrorDetail & { message: string };
    expect(d.message.length).toBeLessThan(120);
  });

  it('accepts real dates in every Shopware form, written out whole', () => {
    const out = lowered({ filter: [{ type: 'range', field: 'releaseDate', parameters: { gte: '2024-02-29', lt: '2024-03-01 23:59:59.999', lte: '2024-03-01T10:00+05:30' } }] });
    expect(out).toContain('"gte":"2024-02-29T00:00:00Z"');
    expect(out).toContain('"lt":"2024-03-01T23:59:59.999Z"');
    expect(out).toContain('"lte":"2024-03-01T10:00:00+05:30"');
  });
});
