/**
 * Nue's field collector without an engine: lowerWhere throws one problem as its ProxyError and several
 * as one FieldErrors; graphql-js's one error per field is expanded into one error per problem, each
 * at the field's path (the HTTP answers: collect.e2e.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { execute, parse } from 'graphql';
import { defaultLimits } from '../../../src/policy/limits.js';
import { schemaFromMapping } from '../../../src/ir/schema.js';
import { buildConfig } from '../../../src/catalog/config.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';
import { exposeObject, type ExposedObject } from '../../../translators/nue-graphql/names.js';
import { buildSchema } from '../../../translators/nue-graphql/schema.js';
import { collectSelections } from '../../../translators/nue-graphql/selection.js';
import { lowerAggregate } from '../../../translators/nue-graphql/lower.js';
import { lowerWhere } from '../../../translators/nue-graphql/where.js';
import { FieldErrors, expandFieldErrors } from '../../../translators/nue-graphql/collect.js';
import { mappings } from './fixtures.js';

describe('lowerWhere without a collector', () => {
  const product = exposeObject('product', schemaFromMapping('product', (mappings.product as { properties: Record<string, never> }).properties)) as ExposedObject;
  const thrown = (w: Record<string, unknown>): unknown => {
    try {
      lowerWhere(w, product, defaultLimits);
    } catch (e) {
      return e;
    }
    return undefined;
  };

  it('throws one problem as its ProxyError, several as one FieldErrors listing each', () => {
    expect(thrown({ createdDate: { gt: 'x' } })).toBeInstanceOf(ProxyError);
    const several = thrown({ createdDate: { gt: 'x', lt: 'y' }, status: { nin: null } });
    expect(several).toBeInstanceOf(FieldErrors);
    expect((several as FieldErrors).errors.map((e) => (e as ProxyError).detail)).toMatchObject([
      { kind: 'invalid_query', at: { pointer: '/where/createdDate/gt' } },
      { kind: 'invalid_query', at: { pointer: '/where/createdDate/lt' } },
      { kind: 'invalid_query', at: { pointer: '/where/status/nin' } },
    ]);
  });
});

describe('expandFieldErrors', () => {
  const config = buildConfig({ datasets: { product: { index: 'product' } } });
  const product = exposeObject('product', schemaFromMapping('product', (mappings.product as { properties: Record<string, never> }).properties)) as ExposedObject;
  const schema = buildSchema([product], {
    aggregate: async (obj, rowType, args, info) => {
      lowerAggregate(obj, args, collectSelections(info, rowType), info.fieldNodes[0]!, rowType.name, config);
      return [];
    },
    collection: async () => [],
  });
  const run = async (query: string) => (await execute({ schema, document: parse(query) })).errors ?? [];

  it('turns a field\'s one error into one per problem, each with the path and its own locations', async () => {
    // listPrice: a double holds 1e300, so that leaf is fine
    const query = '{ aggregate_product(page: {limit: 0}, where: {listPrice: {gt: 1e300}, createdDate: {lt: "x"}}) { max(field: name) } }';
    const errors = await run(query);
    expect(errors).toHaveLength(1);
    const shown = expandFieldErrors(errors).map((e) => e.toJSON());
    expect(shown.map((e) => [e.path, e.locations, e.extensions?.code])).toEqual([
      [['aggregate_product'], [{ line: 1, column: 3 }], 'AGGREGATE_VALIDATION_FAILED'],
      [['aggregate_product'], [{ line: 1, column: query.indexOf('max(') + 1 }], 'AGGREGATE_VALIDATION_FAILED'],
      [['aggregate_product'], [{ line: 1, column: 3 }], 'BAD_USER_INPUT'],
    ]);
    expect(shown[2]!.message).toMatch(/^where\.createdDate\.lt: "x" is not a date/);
  });

  it('leaves a field with one problem as graphql-js reports it', async () => {
    const errors = await run('{ aggregate_product { sum(field: name) } }');
    expect(expandFieldErrors(errors)).toEqual(errors);
    expect(errors[0]!.toJSON()).toEqual({
      message: "sum requires a numeric field; 'name' is not numeric",
      locations: [{ line: 1, column: 23 }],
      path: ['aggregate_product'],
      extensions: { code: 'AGGREGATE_VALIDATION_FAILED' },
    });
  });
});
