/**
 * `nue.introspection: false`: `__schema` / `__type` refused with INTROSPECTION_DISABLED, no name
 * suggestions in errors, `__typename` and ordinary queries unchanged; and the graphql-armor
 * limits follow their configuration (a lowered maxAliases / maxDepth refuses what the defaults allow).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { data, fixtures } from './fixtures.js';

let open: Proxy;
let closed: Proxy;
let masked: Proxy;
let told: Proxy;
beforeAll(async () => {
  open = await startProxy(fixtures);
  closed = await startProxy(fixtures, { nue: { introspection: false }, limits: { graphql: { maxAliases: 2, maxDepth: 3, maxTokens: 40 } } });
  masked = await startProxy(fixtures, { nue: { introspection: true, blockFieldSuggestions: true } });
  told = await startProxy(fixtures, { nue: { introspection: false, blockFieldSuggestions: false } });
});
afterAll(async () => {
  await open?.close();
  await closed?.close();
  await masked?.close();
  await told?.close();
});

type Body = { data?: unknown; errors?: { message: string; extensions: { code: string; limit?: string } }[] };
const ask = async (p: Proxy, query: string): Promise<{ status: number; body: Body }> => {
  const r = await fetch(`${p.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: r.status, body: (await r.json()) as Body };
};

describe('nue with introspection off', () => {
  it.each(['{ __schema { types { name } } }', '{ __type(name: "Query") { name } }', '{ aggregate_product { n: count(field: id) } __schema { queryType { name } } }'])(
    'refuses %s with INTROSPECTION_DISABLED',
    async (query) => {
      const { body } = await ask(closed, query);
      expect(body.data).toBeNull();
      expect(body.errors!.length).toBeGreaterThan(0);
      for (const e of body.errors!) expect(e.extensions.code).toBe('INTROSPECTION_DISABLED');
    },
  );

  it('still answers introspection with the default configuration', async () => {
    const { body } = await ask(open, '{ __type(name: "Query") { name } }');
    expect(body).toEqual({ data: { __type: { name: 'Query' } } });
  });

  it('answers __typename and ordinary queries', async () => {
    const { status, body } = await ask(closed, '{ aggregate_product { __typename n: count(field: id) } }');
    expect(status).toBe(200);
    expect(body).toEqual({ data: { result: { aggregate_product: [{ __typename: expect.any(String), n: data.product.length }] } } });
  });

  it('suggests no names when off; the default does', async () => {
    const typo = '{ aggregate_prodct { n: count(field: id) } }';
    const on = await ask(open, typo);
    const off = await ask(closed, typo);
    expect(on.body.errors![0]!.message).toMatch(/Did you mean "aggregate_product"/);
    // graphql-armor's block-field-suggestions mask
    expect(off.body.errors![0]!.message).toBe('Cannot query field "aggregate_prodct" on type "Query". [Suggestion hidden]');
    expect(off.body.errors![0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(off.body)).not.toContain('aggregate_product');
  });

  it('nue.blockFieldSuggestions overrides the default either way', async () => {
    const typo = '{ aggregate_prodct { n: count(field: id) } }';
    const m = await ask(masked, typo);
    expect(m.body.errors![0]).toMatchObject({ message: 'Cannot query field "aggregate_prodct" on type "Query". [Suggestion hidden]', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const t = await ask(told, typo);
    expect(t.body.errors![0]!.message).toMatch(/Did you mean "aggregate_product"/);
    // introspection itself stays refused
    expect((await ask(told, '{ __schema { queryType { name } } }')).body.errors![0]!.extensions.code).toBe('INTROSPECTION_DISABLED');
  });
});

describe('nue graphql-armor limits follow the configuration', () => {
  it.each([
    ['3 aliases over maxAliases 2', '{ a: aggregate_product { n: count(field: id) m: count(field: id) } }', 'limits.graphql.maxAliases'],
    ['43 tokens over maxTokens 40 (graphql-armor max-tokens)', `{ ${Array.from({ length: 10 }, (_, i) => `a${i}: __typename`).join(' ')} aggregate_product { n: count(field: id) } }`, 'limits.graphql.maxTokens'],
    ['depth 5 over maxDepth 3 (checked before the introspection refusal)', '{ __type(name: "Query") { fields { type { ofType { name } } } } }', 'limits.graphql.maxDepth'],
  ])('%s', async (_n, query, limit) => {
    const on = await ask(open, query);
    expect(on.status).toBe(200);
    const off = await ask(closed, query);
    expect(off.status).toBe(400);
    expect(off.body.errors![0]!.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit });
  });
});
