/**
 * Hostile GraphQL through HTTP with a real client (graphql-request): each refused before the
 * engine is asked, in GraphQL's error shape; the proxy and the engine stay healthy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientError, GraphQLClient } from 'graphql-request';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { data, fixtures } from './fixtures.js';

let proxy: Proxy;
let client: GraphQLClient;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
  client = new GraphQLClient(`${proxy.base}/graphql`);
});
afterAll(async () => proxy?.close());

type Err = { message: string; locations?: unknown; path?: unknown; extensions: { code: string; limit?: string; max?: number } };

/** what graphql-request raises: the HTTP status and the GraphQL errors */
async function refused(query: string, variables?: Record<string, unknown>): Promise<{ status: number; errors: Err[] }> {
  const e = await client.request(query, variables).then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(ClientError);
  const { response } = e as ClientError;
  return { status: response.status, errors: response.errors as unknown as Err[] };
}

const nest = (n: number, open: string, inner: string, close: string): string => open.repeat(n) + inner + close.repeat(n);
const COUNT = '{ aggregate_product { n: count(field: id) } }';

describe('nue document limits over HTTP', () => {
  it('refuses fragments doubling 30 levels deep at once, and keeps answering', async () => {
    const frags = ['fragment F0 on ProductAggregateRow { count(field: id) }'];
    for (let i = 1; i <= 30; i++) frags.push(`fragment F${i} on ProductAggregateRow { ...F${i - 1} ...F${i - 1} }`);
    const { status, errors } = await refused(`{ aggregate_product { ...F30 } } ${frags.join(' ')}`);
    expect(status).toBe(400);
    expect(errors).toEqual([{ message: expect.stringMatching(/^Selections after fragment expansion \(\d+\): over limits.graphql.maxFields \(2000\)$/), extensions: { code: 'LIMIT_EXCEEDED', limit: 'limits.graphql.maxFields', max: 2000 } }]);
    expect((await fetch(`${proxy.base}/healthz`)).status).toBe(200);
    expect(await client.request(COUNT)).toEqual({ result: { aggregate_product: [{ n: 40 }] } });
  });

  it.each([
    ['10,000 aliases', `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: aggregate_product { count(field: id) }`).join(' ')} }`, 'limits.graphql.maxTokens'],
    ['65 aliases', `{ aggregate_product { ${Array.from({ length: 65 }, (_, i) => `a${i}: count(field: id)`).join(' ')} } }`, 'limits.graphql.maxAliases'],
    ['a deep introspection query', `{ __schema { types { fields { type { ${nest(20, 'ofType { ', 'name', ' }')} } } } } }`, 'limits.graphql.maxDepth'],
    ['a where literal 600 deep', `{ aggregate_product(where: ${nest(600, '{not: ', '{}', '}')}) { count(field: id) } }`, 'limits.maxDepth'],
    ['a where literal 5,000 deep', `{ aggregate_product(where: ${nest(5000, '{or: [', '{}', ']}')}) { count(field: id) } }`, 'limits.maxDepth'],
    ['a list literal 5,000 deep', `{ aggregate_product(groupBy: ${nest(5000, '[', '', ']')}) { count(field: id) } }`, 'limits.maxDepth'],
    ['selections 5,000 deep', nest(5000, '{ aggregate_product ', '', '}')],
  ].map(([name, query, limit]) => [name, query, limit ?? 'limits.maxDepth']))('refuses %s with a 400 naming the limit', async (_name, query, limit) => {
    const { status, errors } = await refused(query as string);
    expect(status).toBe(400);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit });
    expect(errors[0]!.message).toContain(`over ${limit} (`);
  });

  it('refuses a where 5,000 deep in the variables before coercing them', async () => {
    // JSON.stringify itself recurses: the body is written as text
    const body = `{"query": "query($w: ProductWhere) { aggregate_product(where: $w) { count(field: id) } }", "variables": {"w": ${nest(5000, '{"not": ', '{}', '}')}}}`;
    const res = await proxy.post('/graphql', body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: expect.stringContaining('over limits.maxDepth (64)'), extensions: { code: 'LIMIT_EXCEEDED', limit: 'limits.maxDepth', max: 64 } }] });
  });
});

describe('nue input values over HTTP', () => {
  const INT = 'query($n: Int) { aggregate_product(groupBy: [status], page: {limit: $n}) { status } }';

  it.each([4294967296, 9007199254740993, -1e308, 1e-9])('an Int variable of %s is a coercion error', async (n) => {
    const { status, errors } = await refused(INT, { n });
    expect(status).toBe(200);
    expect(errors).toEqual([{ message: expect.stringMatching(/^Variable "\$n" got invalid value .*; Int cannot represent non/), locations: [{ line: 1, column: 7 }], extensions: { code: 'BAD_USER_INPUT' } }]);
  });

  it('1e309 is a coercion error as a variable and a validation error as a literal', async () => {
    const variable = await proxy.post('/graphql', `{"query": ${JSON.stringify(INT)}, "variables": {"n": 1e309}}`);
    expect(variable.body.errors[0]).toMatchObject({ message: expect.stringContaining('Int cannot represent non-integer value: Infinity'), extensions: { code: 'BAD_USER_INPUT' } });
    const { errors } = await refused('{ aggregate_product(where: {listPrice: {gt: 1e309}}) { count(field: id) } }');
    expect(errors).toEqual([{ message: 'Float cannot represent non numeric value: 1e309', locations: [{ line: 1, column: 45 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
  });

  it('in: null and numbers outside the mapped integer type are errors with the field path', async () => {
    const inNull = await refused('{ aggregate_product(where: {status: {in: null}}) { count(field: id) } }');
    expect(inNull.errors).toEqual([{ message: "where.status.in: 'in' cannot be null", locations: [{ line: 1, column: 3 }], path: ['aggregate_product'], extensions: { code: 'BAD_USER_INPUT' } }]);
    const range = await refused('query($q: Float) { aggregate_subscription(where: {quantity: {gt: $q}}) { count(field: id) } }', { q: 4294967296 });
    expect(range.errors[0]).toMatchObject({ message: expect.stringContaining("out of range for the integer field 'quantity'"), path: ['aggregate_subscription'], extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('a 1,000,000-character contains and an in list over maxTerms are refused before the engine', async () => {
    const contains = await refused('query($c: String) { aggregate_product(where: {name: {contains: $c}}) { count(field: id) } }', { c: 'a'.repeat(1_000_000) });
    expect(contains.status).toBe(400);
    expect(contains.errors[0]).toMatchObject({ path: ['aggregate_product'], extensions: { code: 'LIMIT_EXCEEDED', limit: 'limits.maxPatternLength', max: 1000 } });
    const terms = await refused('query($v: [String!]) { aggregate_product(where: {status: {in: $v}}) { count(field: id) } }', { v: Array.from({ length: 10_001 }, (_, i) => `s${i}`) });
    expect(terms.status).toBe(400);
    expect(terms.errors[0]).toMatchObject({ extensions: { code: 'LIMIT_EXCEEDED', limit: 'limits.maxTerms', max: 10000 } });
  });

  it('a contains of limits.maxWildcardPatternLength characters is answered whole; longer is refused (the engine would 400)', async () => {
    const over = await refused('query($c: String) { aggregate_product(where: {name: {contains: $c}}) { n: count(field: id) } }', { c: 'Ab'.repeat(500) });
    expect(over.status).toBe(400);
    expect(over.errors[0]).toMatchObject({ extensions: { code: 'LIMIT_EXCEEDED', limit: 'limits.maxWildcardPatternLength', max: 400 } });
    const c = 'Ab'.repeat(200);
    const t = Date.now();
    const answer = await client.request('query($c: String) { aggregate_product(where: {name: {contains: $c}}) { n: count(field: id) } }', { c });
    expect(answer).toEqual({ result: { aggregate_product: [{ n: 0 }] } });
    expect(Date.now() - t).toBeLessThan(30_000); // a guard against an automaton blow-up, not a speed target
  });

  it('a date compared with a string that is no date is an error at its path, before the engine; a real date answers', async () => {
    const Q = 'query($d: String) { aggregate_subscription(where: {and: [{startDate: {gt: $d}}]}) { n: count(field: id) } }';
    for (const d of ['x', '2024-13-45', '2024-02-30', 'now-1d']) {
      const { status, errors } = await refused(Q, { d });
      // GraphQL's convention for an execution error (as for a number out of a field's range): 200, data null
      expect(status).toBe(200);
      expect(errors).toEqual([{
        message: `where.and.0.startDate.gt: ${JSON.stringify(d)} is not a date for the date field 'startDate': use an ISO-8601 date or date-time (2024-01-31, 2024-01-31T12:00:00Z)`,
        locations: [{ line: 1, column: 21 }],
        path: ['aggregate_subscription'],
        extensions: { code: 'BAD_USER_INPUT' },
      }]);
    }
    const literal = await refused('{ aggregate_invoice(where: {invoiceDate: {lte: "2025-06-31"}}) { n: count(field: id) } }');
    expect(literal.errors[0]).toMatchObject({ message: expect.stringContaining("where.invoiceDate.lte: \"2025-06-31\" is not a date"), extensions: { code: 'BAD_USER_INPUT' } });
    const long = await refused(Q, { d: 'x'.repeat(10_000) });
    expect(long.status).toBe(400);
    expect(long.errors[0]).toMatchObject({ extensions: { code: 'LIMIT_EXCEEDED', limit: 'limits.maxPatternLength' } });
    const june = data.invoice.filter((d) => String(d.invoiceDate) >= '2025-06-01' && String(d.invoiceDate) < '2025-07-01').length;
    expect(june).toBeGreaterThan(0);
    expect(await client.request('{ aggregate_invoice(where: {invoiceDate: {gte: "2025-06-01T00:00:00Z", lt: "2025-07-01"}}) { n: count(field: id) } }')).toEqual({ result: { aggregate_invoice: [{ n: june }] } });
  });

  it('variables that are not an object are a 400', async () => {
    const res = await proxy.post('/graphql', `{"query": ${JSON.stringify(INT)}, "variables": 5}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('leaves the engine healthy', async () => {
    const health = (await proxy.engine.request('GET', '/_cluster/health')) as { status: string };
    expect(['green', 'yellow']).toContain(health.status);
  });
});
