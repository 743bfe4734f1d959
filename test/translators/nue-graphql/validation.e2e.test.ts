/** Nue's validation rules and GraphQL's own: every rejection, with locations, path and code. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures } from './fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const gql = (query: string, variables?: object) => proxy.post('/graphql', { query, variables });

// [rule, query, message, code, location {line, column}]
const rules: [string, string, RegExp, string, { line: number; column: number }][] = [
  ['sum on a text field', '{ aggregate_product { sum(field: name) } }', /sum requires a numeric field; 'name' is not numeric/, 'AGGREGATE_VALIDATION_FAILED', { line: 1, column: 23 }],
  ['avg on a keyword field', '{ aggregate_product { avg(field: status) } }', /avg requires a numeric field/, 'AGGREGATE_VALIDATION_FAILED', { line: 1, column: 23 }],
  ['min on a date field', '{ aggregate_product { min(field: createdDate) } }', /min requires a numeric field/, 'AGGREGATE_VALIDATION_FAILED', { line: 1, column: 23 }],
  ['max on a boolean field', '{ aggregate_product { max(field: configurable) } }', /max requires a numeric field/, 'AGGREGATE_VALIDATION_FAILED', { line: 1, column: 23 }],
  ['count without a field', '{ aggregate_product { count } }', /count requires a field argument, for example count\(field: id, distinct: true\)/, 'AGGREGATE_VALIDATION_FAILED', { line: 1, column: 23 }],
  ['sum without a field', '{ aggregate_invoice { sum } }', /sum requires a field argument/, 'AGGREGATE_VALIDATION_FAILED', { line: 1, column: 23 }],
  ['groupBy with four fields', '{ aggregate_product(groupBy: [status, name, id, priceModel]) { status } }', /groupBy is capped at 3 fields \(got 4\)/, 'AGGREGATE_VALIDATION_FAILED', { line: 1, column: 3 }],
  ['page limit over 1000', '{ aggregate_product(groupBy: status, page: { limit: 1001 }) { status } }', /The aggregate page limit cannot exceed 1000/, 'AGGREGATE_VALIDATION_FAILED', { line: 1, column: 3 }],
  ['page limit zero', '{ aggregate_product(page: { limit: 0 }) { count(field: id) } }', /at least 1/, 'AGGREGATE_VALIDATION_FAILED', { line: 1, column: 3 }],
  ['negative cursor', '{ aggregate_product(page: { cursor: -1 }) { count(field: id) } }', /cannot be negative/, 'AGGREGATE_VALIDATION_FAILED', { line: 1, column: 3 }],
  ['a plain field not grouped', '{ aggregate_product(groupBy: [status]) { status name } }', /Field 'name' is not in groupBy/, 'AGGREGATE_VALIDATION_FAILED', { line: 1, column: 49 }],
  ['a plain field without groupBy', '{ aggregate_product { status count(field: id) } }', /cannot be selected without groupBy/, 'AGGREGATE_VALIDATION_FAILED', { line: 1, column: 23 }],
  ['an unknown field enum value', '{ aggregate_product { count(field: nope) } }', /Value "nope" does not exist in "ProductField" enum/, 'GRAPHQL_VALIDATION_FAILED', { line: 1, column: 36 }],
  ['an unknown object', '{ aggregate_order { count(field: id) } }', /Cannot query field "aggregate_order" on type "Query"/, 'GRAPHQL_VALIDATION_FAILED', { line: 1, column: 3 }],
  ['conflicting unaliased functions', '{ aggregate_product { count(field: id) count(field: name) } }', /Fields "count" conflict because they have differing arguments/, 'GRAPHQL_VALIDATION_FAILED', { line: 1, column: 23 }],
  ['a wrongly typed variable', 'query($n: Int) { aggregate_product(page: {limit: $n}) { count(field: id) } }', /Int cannot represent non-integer value/, 'BAD_USER_INPUT', { line: 1, column: 7 }],
];

describe('nue validation', () => {
  it.each(rules)('rejects %s', async (_rule, query, message, code, location) => {
    const variables = query.includes('$n') ? { n: 'ten' } : undefined;
    const res = await gql(query, variables);
    expect(res.status).toBe(200);
    expect(res.body.data).toBeNull();
    const [err] = res.body.errors;
    expect(err.message).toMatch(message);
    expect(err.extensions.code).toBe(code);
    expect(err.locations[0]).toEqual(location);
    if (code === 'AGGREGATE_VALIDATION_FAILED') expect(err.path).toEqual([query.includes('aggregate_invoice') ? 'aggregate_invoice' : 'aggregate_product']);
  });

  it('answers 400 for an unparseable document or a missing query', async () => {
    const bad = await gql('{ aggregate_product { ');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ message: 'Syntax Error: Expected Name, found <EOF>.', locations: [{ line: 1, column: 23 }], extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    const none = await proxy.post('/graphql', {});
    expect(none.status).toBe(400);
    const json = await proxy.post('/graphql', '{"query": ');
    expect(json.status).toBe(400);
    expect(json.body.errors[0].message).toMatch(/not valid JSON/);
  });

  it('never returns partial data: one failing root field voids the answer', async () => {
    const res = await gql('{ ok: aggregate_invoice { count(field: id) } bad: aggregate_product { sum(field: name) } }');
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].path).toEqual(['bad']);
  });

  it('answers the standard introspection query in standard form, so buildClientSchema works with the default envelope', async () => {
    const res = await gql(getIntrospectionQuery());
    expect(res.status).toBe(200);
    const schema = buildClientSchema(res.body.data as IntrospectionQuery);
    expect(schema.getQueryType()?.getFields()).toHaveProperty('aggregate_invoice');
  });

  it('answers a batch (an array body) with one result per element, in order, and refuses an oversized one', async () => {
    const res = await proxy.post('/graphql', [{ query: '{ __typename }' }, { query: '{ nope }' }]);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body).toHaveLength(2);
    expect(res.body[1].errors[0].message).toMatch(/nope/);
    const big = await proxy.post('/graphql', Array.from({ length: 11 }, () => ({ query: '{ __typename }' })));
    expect(big.status).toBe(400);
    expect(big.body.errors[0].extensions.code).toBe('LIMIT_EXCEEDED');
  });

  it('picks the operation operationName names, and refuses persisted-query hashes clearly', async () => {
    const doc = 'query A { a: __typename } query B { b: __typename }';
    const res = await proxy.post('/graphql', { query: doc, operationName: 'B' });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('"b"');
    const pq = await proxy.post('/graphql', { extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } });
    expect(pq.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
  });

  it('is introspectable', async () => {
    const res = await gql(`{
      __schema { queryType { fields { name args { name type { kind name ofType { kind name ofType { kind name ofType { name } } } } } } } }
      row: __type(name: "InvoiceAggregateRow") { fields { name type { name } args { name defaultValue } } }
      fields: __type(name: "InvoiceField") { enumValues { name } }
    }`);
    const fields = res.body.data.__schema.queryType.fields as { name: string; args: { name: string }[] }[];
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(['product', 'aggregate_product', 'aggregateProduct', 'invoice', 'aggregate_invoice', 'subscription', 'aggregate_subscription']));
    expect(fields.find((f) => f.name === 'aggregate_invoice')?.args.map((a) => a.name)).toEqual(['where', 'groupBy', 'page']);
    const row = res.body.data.row.fields as { name: string; args: { name: string; defaultValue: string | null }[] }[];
    expect(row.find((f) => f.name === 'count')?.args).toEqual([{ name: 'field', defaultValue: null }, { name: 'distinct', defaultValue: 'false' }]);
    expect(res.body.data.fields.enumValues.map((v: { name: string }) => v.name)).toEqual(['amount', 'currencyIsoCode', 'customerId', 'id', 'invoiceDate', 'status']);
  });
});
