/** Node's parser refusals: the dialect is picked from the request line's path (no engine). */
import { describe, expect, it } from 'vitest';
import { dialectOfPath } from '../../../src/server/client-error.js';
import { DIALECTS } from '../../../translators/registry.js';

describe('dialectOfPath', () => {
  it.each([
    ['/graphql', 'nue-graphql'],
    ['/api/async/graphql', 'nue-graphql'],
    ['/druid/v2/', 'druid'],
    ['/druid/v2/datasources/testing', 'druid'],
    ['/api/search/product', 'shopware'],
    ['/api/v2/catalog/datasets/sales/aggregate', 'opendatasoft'],
    ['/latest/datasets/listings/aggregate', 'relevance-ai'],
  ])('%s → %s', (path, id) => {
    expect(dialectOfPath(DIALECTS, path)?.id).toBe(id);
  });

  it('no dialect for other paths', () => {
    expect(dialectOfPath(DIALECTS, '/nothing/here')).toBeUndefined();
  });
});
