/**
 * The products' own clients, from npm, unchanged but for the base URL, against the running proxy
 * with auth on: Relevance AI's SDK, Shopware's admin API client (OAuth client credentials, token
 * refresh), a standard GraphQL client for Nue, and plain HTTP with Opendatasoft's two key forms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VecDBApiClient } from '@relevanceai/sdk';
import { createAdminAPIClient } from '@shopware/api-client';
import { GraphQLClient, ClientError } from 'graphql-request';
import { startProxy, type Proxy } from '../helpers/harness.js';
import { fixtures as shopware, products } from '../translators/shopware/fixtures.js';
import { fixtures as nue, data as nueData } from '../translators/nue-graphql/fixtures.js';
import { fixtures as ods, sales } from '../translators/opendatasoft/fixtures.js';
import { listings } from '../src/auth/listings.js';

const KEY = 'client-suite-key-0123456789';
const OTHER = 'client-suite-other-0123456';
const INTEGRATION = { clientId: 'SWIACLIENTSUITE', clientSecret: 'client-suite-secret-0123456789' };

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy([...shopware, ...nue.filter((f) => f.dataset === 'invoice'), ...ods.filter((f) => f.dataset === 'sales'), listings], {
    auth: {
      enabled: true,
      tokenTtlSeconds: 1,
      tenants: {
        main: { datasets: ['product', 'invoice', 'sales', 'listings'], apiKeys: [KEY], integrations: [INTEGRATION] },
        other: { datasets: ['invoice'], filters: { invoice: { currencyIsoCode: 'usd' } }, apiKeys: [OTHER] },
      },
    },
  });
});
afterAll(async () => proxy?.close());

const listingDocs = listings.docs as { propertyDetails: { area?: string }; priceDetails?: { price?: number } }[];

describe('Relevance AI: @relevanceai/sdk VecDBApiClient', () => {
  it('Aggregate sends `<project>:<api_key>` and gets the grouped answer', async () => {
    const client = new VecDBApiClient({ project: 'proj-1', api_key: KEY, endpoint: proxy.base });
    const { body } = await client.Aggregate(
      { aggregation_query: { groupby: [{ name: 'area', field: 'propertyDetails.area', agg: 'category' }], metrics: [{ name: 'n', field: 'priceDetails.price', agg: 'count' }] }, page_size: 100 },
      { dataset_id: 'listings' },
    );
    const counts = new Map<string, number>();
    for (const l of listingDocs) if (l.propertyDetails.area && l.priceDetails?.price !== undefined) counts.set(l.propertyDetails.area, (counts.get(l.propertyDetails.area) ?? 0) + 1);
    const got = Object.fromEntries((body.results as { area: string; n: number }[]).map((r) => [r.area, r.n]));
    expect(got).toEqual(Object.fromEntries(counts));
  });

  it('AggregateClusters reaches the cluster route', async () => {
    const client = new VecDBApiClient({ project: 'proj-1', api_key: KEY, endpoint: proxy.base });
    const { body } = await client.AggregateClusters(
      { vector_fields: ['title_vector_'], aggregation_query: { groupby: [], metrics: [{ name: 'avg_price', field: 'priceDetails.price', agg: 'avg' }] }, page_size: 5 },
      { dataset_id: 'listings' },
    );
    const clustered = (listings.docs as { _cluster_?: { title_vector_?: { default?: string } } }[]).filter((d) => d._cluster_?.title_vector_?.default);
    const groups = Object.values(body.results as Record<string, { frequency: number }[]>).flat();
    expect(groups.reduce((a, g) => a + g.frequency, 0)).toBe(clustered.length);
  });

  it('a wrong key surfaces as the SDK error with status 401', async () => {
    const client = new VecDBApiClient({ project: 'proj-1', api_key: 'wrong-key-0000000000', endpoint: proxy.base });
    await expect(client.Aggregate({ aggregation_query: { groupby: [], metrics: [] } }, { dataset_id: 'listings' })).rejects.toThrow(/status 401/);
  });
});

describe('Shopware: @shopware/api-client createAdminAPIClient (client_credentials)', () => {
  it('fetches a token, searches products with aggregations, and fetches a new token when it expires', async () => {
    const tokens: string[] = [];
    const client = createAdminAPIClient<any>({
      baseURL: `${proxy.base}/api`,
      credentials: { grant_type: 'client_credentials', client_id: INTEGRATION.clientId, client_secret: INTEGRATION.clientSecret },
    });
    client.hook('onAuthChange', (s: { accessToken: string }) => void tokens.push(s.accessToken));
    const criteria = { limit: 1, aggregations: [{ name: 'max-price', type: 'max', field: 'price' }, { name: 'n', type: 'count', field: 'id' }] };
    const first = await client.invoke('searchProduct post /search/product', { body: criteria });
    expect(first.status).toBe(200);
    expect(first.data.aggregations.n.count).toBe(products.length);
    await new Promise((r) => setTimeout(r, 1100));
    const again = await client.invoke('searchProduct post /search/product', { body: criteria });
    expect(again.data.aggregations).toEqual(first.data.aggregations);
    expect(tokens.length).toBe(2);
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  it('wrong client credentials fail the token request with 401', async () => {
    const client = createAdminAPIClient<any>({
      baseURL: `${proxy.base}/api`,
      credentials: { grant_type: 'client_credentials', client_id: INTEGRATION.clientId, client_secret: 'not-the-secret-000000' },
    });
    await expect(client.invoke('searchProduct post /search/product', { body: { limit: 1 } })).rejects.toMatchObject({ status: 401 });
  });
});

describe('Nue: graphql-request with the nue-api-key header', () => {
  it('aggregates per tenant; another tenant gets only its rows', async () => {
    const query = '{ aggregate_invoice(groupBy: [currencyIsoCode]) { currencyIsoCode n: count(field: id) } }';
    type Answer = { result: { aggregate_invoice: { currencyIsoCode: string; n: number }[] } };
    const main = await new GraphQLClient(`${proxy.base}/graphql`, { headers: { 'nue-api-key': KEY } }).request<Answer>(query);
    const other = await new GraphQLClient(`${proxy.base}/graphql`, { headers: { 'nue-api-key': OTHER } }).request<Answer>(query);
    const count = (c: string) => nueData.invoice.filter((i) => i.currencyIsoCode === c).length;
    expect(Object.fromEntries(main.result.aggregate_invoice.map((r) => [r.currencyIsoCode, r.n]))).toEqual({ eur: count('eur'), gbp: count('gbp'), usd: count('usd') });
    expect(other.result.aggregate_invoice).toEqual([{ currencyIsoCode: 'usd', n: count('usd') }]);
  });

  it('without the header the client raises a ClientError with UNAUTHENTICATED', async () => {
    const err = await new GraphQLClient(`${proxy.base}/graphql`).request('{ aggregate_invoice { n: count(field: id) } }').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientError);
    expect((err as ClientError).response.status).toBe(401);
    expect((err as ClientError).response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('Opendatasoft: Authorization: Apikey, or ?apikey=', () => {
  it('both forms give the same answer', async () => {
    const body = JSON.stringify({ aggregations: { a: { aggregates: { n: 'COUNT()' } } } });
    const header = await fetch(`${proxy.base}/api/v2/datasets/sales/aggregate`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Apikey ${KEY}` }, body });
    const param = await fetch(`${proxy.base}/api/v2/datasets/sales/aggregate?apikey=${KEY}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(header.status).toBe(200);
    const a = (await header.json()) as { aggregations: { a: { n: number }[] } };
    expect(a.aggregations.a).toEqual([{ n: sales.length }]);
    expect(((await param.json()) as typeof a).aggregations).toEqual(a.aggregations);
  });
});
