/**
 * Nue's GraphQL endpoint through the generic GraphQL clients, unchanged: Apollo Client 4 (with its
 * InMemoryCache, which adds `__typename`), urql 6 and graphql-request 7 read typed aggregate results
 * with `nue.envelope: "standard"`; buildClientSchema reads the default configuration's introspection.
 * Expected answers computed from the fixture rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { Client, cacheExchange, fetchExchange } from '@urql/core';
import { GraphQLClient } from 'graphql-request';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { startProxy, type Proxy } from '../helpers/harness.js';
import { data, fixtures } from '../translators/nue-graphql/fixtures.js';

let standard: Proxy;
let documented: Proxy;
beforeAll(async () => {
  standard = await startProxy(fixtures, { nue: { envelope: 'standard' } });
  documented = await startProxy(fixtures);
});
afterAll(async () => {
  await standard?.close();
  await documented?.close();
});

const QUERY = '{ aggregate_invoice(groupBy: [currencyIsoCode]) { currencyIsoCode n: count(field: id) } }';
type Row = { currencyIsoCode: string; n: number };
type Answer = { aggregate_invoice: Row[] };
const expected = (): Record<string, number> => {
  const n: Record<string, number> = {};
  for (const i of data.invoice) n[String(i.currencyIsoCode)] = (n[String(i.currencyIsoCode)] ?? 0) + 1;
  return n;
};
const byCurrency = (rows: readonly Row[]) => Object.fromEntries(rows.map((r) => [r.currencyIsoCode, r.n]));

describe('Nue through generic GraphQL clients (envelope: "standard")', () => {
  it('Apollo Client with its cache, twice (the second answer from the cache)', async () => {
    const client = new ApolloClient({ link: new HttpLink({ uri: `${standard.base}/graphql` }), cache: new InMemoryCache() });
    const first = await client.query<Answer>({ query: gql(QUERY) });
    expect(byCurrency(first.data!.aggregate_invoice)).toEqual(expected());
    const second = await client.query<Answer>({ query: gql(QUERY), fetchPolicy: 'cache-only' });
    expect(byCurrency(second.data!.aggregate_invoice)).toEqual(expected());
  });

  it('urql', async () => {
    const client = new Client({ url: `${standard.base}/graphql`, exchanges: [cacheExchange, fetchExchange] });
    const res = await client.query<Answer>(QUERY, {}).toPromise();
    expect(res.error).toBeUndefined();
    expect(byCurrency(res.data!.aggregate_invoice)).toEqual(expected());
  });

  it('graphql-request', async () => {
    const res = await new GraphQLClient(`${standard.base}/graphql`).request<Answer>(QUERY);
    expect(byCurrency(res.aggregate_invoice)).toEqual(expected());
  });

  it('buildClientSchema on the default (documented-envelope) configuration', async () => {
    const res = await new GraphQLClient(`${documented.base}/graphql`).request<IntrospectionQuery>(getIntrospectionQuery());
    expect(Object.keys(buildClientSchema(res).getQueryType()!.getFields())).toEqual(expect.arrayContaining(['aggregate_invoice', 'aggregate_product']));
  });
});
