/**
 * Every independent problem of one Nue field is reported (issue 15): each argument check, each
 * selected function, each where leaf and branch gives its own GraphQL error, with the field's path
 * and its own locations; a field with one problem answers exactly as before. Through HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures } from './fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const gql = (query: string, variables?: object) => proxy.post('/graphql', { query, variables });
const at = (column: number) => [{ line: 1, column }];

describe('nue error collection', () => {
  it('one aggregate field with three problems answers three errors, each with path and locations', async () => {
    const query = '{ aggregate_subscription(where: {quantity: {lt: 4294967296}}, page: {limit: 0}) { sum(field: status) } }';
    const res = await gql(query);
    expect(res.status).toBe(200);
    expect(res.body.data).toBeNull();
    const path = ['aggregate_subscription'];
    expect(res.body.errors).toEqual([
      { message: 'The aggregate page limit must be at least 1', locations: at(3), path, extensions: { code: 'AGGREGATE_VALIDATION_FAILED' } },
      { message: "sum requires a numeric field; 'status' is not numeric", locations: at(query.indexOf('sum(') + 1), path, extensions: { code: 'AGGREGATE_VALIDATION_FAILED' } },
      {
        message: "where.quantity.lt: 4294967296 is out of range for the integer field 'quantity' (-2147483648 to 2147483647)",
        locations: at(3),
        path,
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ]);
  });

  it('collects each where leaf, list value and branch, and each selection, with their own codes', async () => {
    const query = `{ aggregate_subscription(groupBy: [status, id, customerId, quantity], where: {
      startDate: {gt: "yesterday"}, status: {in: null},
      or: [{quantity: {in: [1, 4294967296, -4294967296]}}, {not: {startDate: {lt: "2024-13-45"}}}]
    }) { status avg(field: id) count }
    }`;
    const res = await gql(query);
    expect(res.status).toBe(200);
    const errors = res.body.errors as { message: string; path: string[]; extensions: { code: string } }[];
    expect(errors.map((e) => e.message.replace(/ is (out of range|not a date).*/, ' $1'))).toEqual([
      'groupBy is capped at 3 fields (got 4)',
      "avg requires a numeric field; 'id' is not numeric",
      'count requires a field argument, for example count(field: id, distinct: true)',
      // the where object in the order graphql-js coerces it: the schema's (and/or/not first, then the fields)
      'where.or.0.quantity.in.1: 4294967296 out of range',
      'where.or.0.quantity.in.2: -4294967296 out of range',
      'where.or.1.not.startDate.lt: "2024-13-45" not a date',
      'where.startDate.gt: "yesterday" not a date',
      "where.status.in: 'in' cannot be null",
    ]);
    expect(errors.every((e) => e.path[0] === 'aggregate_subscription')).toBe(true);
    expect(errors.map((e) => e.extensions.code)).toEqual([...Array(3).fill('AGGREGATE_VALIDATION_FAILED'), ...Array(5).fill('BAD_USER_INPUT')]);
  });

  it('a limit among several problems keeps its extensions and makes the answer a 400', async () => {
    const res = await gql('query($v: [String!]) { aggregate_product(where: {status: {in: $v}}, page: {cursor: -1}) { count(field: id) } }', {
      v: Array.from({ length: 10_001 }, (_, i) => `s${i}`),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toMatchObject([
      { message: 'The page cursor cannot be negative', path: ['aggregate_product'], extensions: { code: 'AGGREGATE_VALIDATION_FAILED' } },
      { path: ['aggregate_product'], locations: at(24), extensions: { code: 'LIMIT_EXCEEDED', limit: 'limits.maxTerms', max: 10_000 } },
    ]);
  });

  it('collects over a collection field too: its page and where', async () => {
    const res = await gql('{ subscription(page: {cursor: 9999, limit: 5}, where: {quantity: {eq: 4294967296}}) { id } }');
    expect(res.body.errors).toMatchObject([
      { path: ['subscription'], message: 'page.cursor + page.limit cannot exceed 10000', extensions: { code: 'BAD_USER_INPUT' } },
      { path: ['subscription'], message: expect.stringMatching(/^where\.quantity\.eq: 4294967296 is out of range/), extensions: { code: 'BAD_USER_INPUT' } },
    ]);
  });

  it('the problems of an aliased field carry its alias as path, next to a field without problems', async () => {
    const res = await gql('{ a: aggregate_invoice { count(field: id) } b: aggregate_product(page: {limit: 0}) { sum(field: name) } }');
    expect(res.body.data).toBeNull();
    expect(res.body.errors.map((e: { path: string[] }) => e.path)).toEqual([['b'], ['b']]);
  });

  it('one problem answers exactly as before: the error alone, with the field as location', async () => {
    const res = await gql('{ aggregate_product(where: {status: {in: null}}) { count(field: id) } }');
    expect(res.body).toEqual({
      errors: [{ message: "where.status.in: 'in' cannot be null", locations: at(3), path: ['aggregate_product'], extensions: { code: 'BAD_USER_INPUT' } }],
      data: null,
    });
    const one = await gql('{ aggregate_product(page: {limit: 1001}) { count(field: id) } }');
    expect(one.body.errors).toEqual([{ message: 'The aggregate page limit cannot exceed 1000', locations: at(3), path: ['aggregate_product'], extensions: { code: 'AGGREGATE_VALIDATION_FAILED' } }]);
  });
});
