/**
 * Access control end to end, with auth on: each dialect's credential convention (missing, wrong and
 * expired credentials answer 401 in the dialect's own style), datasets outside a tenant answer 404
 * exactly like unknown ones, and a tenant never sees another tenant's rows, also not through the
 * cache or explain. Keys never reach the log.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures as druid, rows as druidRows } from '../../translators/druid/fixtures.js';
import { fixtures as ods, sales } from '../../translators/opendatasoft/fixtures.js';
import { fixtures as shopware } from '../../translators/shopware/fixtures.js';
import { fixtures as nue, data as nueData } from '../../translators/nue-graphql/fixtures.js';
import { listings } from './listings.js';

const EU_KEY = 'eu-key-0123456789abcdef';
const US_KEY = 'us-key-0123456789abcdef';
const NARROW_KEY = 'narrow-key-0123456789ab';
const EU_CLIENT = { client_id: 'SWIAEU', client_secret: 'eu-secret-0123456789abcdef' };
const ALL = ['sales', 'testing', 'product', 'invoice', 'listings'];

const logLines: string[] = [];
let proxy: Proxy;
beforeAll(async () => {
  const logger = pino({ level: 'debug' }, new Writable({ write: (c, _e, cb) => (logLines.push(String(c)), cb()) }));
  proxy = await startProxy(
    [...ods.filter((f) => f.dataset === 'sales'), ...druid, ...shopware, ...nue.filter((f) => f.dataset === 'invoice'), listings],
    {
      auth: {
        enabled: true,
        tokenTtlSeconds: 2,
        tenants: {
          eu: {
            datasets: ALL,
            filters: { sales: { store_country: ['France', 'Spain'] }, testing: { market: 'spot' }, invoice: { currencyIsoCode: ['eur', 'gbp'] }, listings: { 'propertyDetails.area': 'Eastern Suburbs' } },
            apiKeys: [EU_KEY],
            integrations: [{ clientId: EU_CLIENT.client_id, clientSecret: EU_CLIENT.client_secret }],
          },
          us: { datasets: ALL, filters: { sales: { store_country: 'USA' }, testing: { market: 'upfront' }, invoice: { currencyIsoCode: 'usd' } }, apiKeys: [US_KEY] },
          narrow: { datasets: ['invoice'], apiKeys: [NARROW_KEY] },
        },
      },
    },
    logger,
  );
});
afterAll(async () => proxy?.close());

const basic = (password: string) => `Basic ${Buffer.from(`reader:${password}`).toString('base64')}`;
async function token(): Promise<string> {
  const res = await proxy.post('/api/oauth/token', { grant_type: 'client_credentials', ...EU_CLIENT });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 2 });
  return res.body.access_token as string;
}

/** One request per dialect, and how its credential is sent. */
const dialects = {
  relevance: { path: '/latest/datasets/listings/aggregate', body: { aggregation_query: { groupby: [{ name: 'a', field: 'propertyDetails.area', agg: 'category' }], metrics: [] } }, auth: (k: string) => ({ authorization: `project-1:${k}` }) },
  opendatasoft: { path: '/api/v2/datasets/sales/aggregate', body: { aggregations: { a: { aggregates: { n: 'COUNT()' } } } }, auth: (k: string) => ({ authorization: `Apikey ${k}` }) },
  druid: { path: '/druid/v2', body: { queryType: 'timeseries', dataSource: 'testing', granularity: 'all', intervals: ['2011-01-01/2012-01-01'], aggregations: [{ type: 'count', name: 'rows' }] }, auth: (k: string) => ({ authorization: basic(k) }) },
  'druid-sql': { path: '/druid/v2/sql', body: { query: 'SELECT COUNT(*) AS "rows" FROM testing' }, auth: (k: string) => ({ authorization: basic(k) }) },
  nue: { path: '/graphql', body: { query: '{ aggregate_invoice { n: count(field: id) } }' }, auth: (k: string) => ({ 'nue-api-key': k }) },
  shopware: { path: '/api/search/product', body: { limit: 1, aggregations: [{ name: 'n', type: 'count', field: 'id' }] }, auth: (k: string) => ({ authorization: `Bearer ${k}` }) },
} as const;
type Name = keyof typeof dialects;

/** What each product answers for a refused credential. */
const refusal: Record<Name, (body: any) => void> = {
  relevance: (b) => expect(b.message).toMatch(/^Unauthorized: /),
  opendatasoft: (b) => expect(Object.keys(b).sort()).toEqual(['error_code', 'message']),
  druid: (b) => expect(b).toMatchObject({ error: 'Unauthorized', errorClass: 'org.apache.druid.server.security.AuthenticationException', host: null }),
  'druid-sql': (b) => expect(b).toMatchObject({ error: 'druidException', category: 'UNAUTHORIZED', errorClass: 'org.apache.druid.server.security.AuthenticationException' }),
  nue: (b) => expect(b.errors[0].extensions.code).toBe('UNAUTHENTICATED'),
  // Shopware's AuthControllerTest: league's access_denied (code 9) with its message as the title
  shopware: (b) => expect(b.errors[0]).toMatchObject({ status: '401', code: '9', title: 'The resource owner or authorization server denied the request.' }),
};

describe('credentials per dialect', () => {
  const table: { dialect: Name; state: string; headers: () => Promise<Record<string, string>> | Record<string, string> }[] = [];
  for (const d of Object.keys(dialects) as Name[]) {
    table.push({ dialect: d, state: 'missing', headers: () => ({}) });
    table.push({ dialect: d, state: 'wrong', headers: () => dialects[d].auth('not-a-key-at-all-0000') });
  }
  table.push({ dialect: 'opendatasoft', state: 'other scheme', headers: () => ({ authorization: `Bearer ${EU_KEY}` }) });
  table.push({ dialect: 'druid', state: 'malformed basic', headers: () => ({ authorization: 'Basic !!!' }) });

  it.each(table)('$dialect, $state credential: 401 in the dialect style', async ({ dialect, headers }) => {
    const d = dialects[dialect];
    const res = await proxy.post(d.path, d.body, await headers());
    expect(res.status).toBe(401);
    refusal[dialect](res.body);
    expect(JSON.stringify(res.body)).not.toContain('eu-key');
  });

  it.each(Object.keys(dialects) as Name[])('%s, right credential: 200', async (dialect) => {
    const d = dialects[dialect];
    const key = dialect === 'shopware' ? await token() : EU_KEY;
    const res = await proxy.post(d.path, d.body, d.auth(key));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('opendatasoft also takes ?apikey=', async () => {
    const d = dialects.opendatasoft;
    expect((await proxy.post(`${d.path}?apikey=${EU_KEY}`, d.body)).status).toBe(200);
    expect((await proxy.post(`${d.path}?apikey=nope-nope-nope-nope`, d.body)).body.error_code).toBe('InvalidAPIKey');
  });

  it('shopware: wrong client secret, unsupported grant, expired token', async () => {
    const wrong = await proxy.post('/api/oauth/token', { ...EU_CLIENT, grant_type: 'client_credentials', client_secret: 'x'.repeat(20) });
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors[0]).toMatchObject({ status: '401', code: '4' });
    const grant = await proxy.post('/api/oauth/token', { ...EU_CLIENT, grant_type: 'password' });
    expect(grant.status).toBe(400);
    expect(grant.body.errors[0]).toMatchObject({ status: '400', code: '2' });
    const form = await fetch(`${proxy.base}/api/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...EU_CLIENT }).toString(),
    });
    expect(form.status).toBe(200);
    const t = await token();
    await new Promise((r) => setTimeout(r, 2100));
    const expired = await proxy.post(dialects.shopware.path, dialects.shopware.body, { authorization: `Bearer ${t}` });
    expect(expired.status).toBe(401);
    expect(expired.body.errors[0]).toMatchObject({ status: '401', code: '9' });
    expect(expired.body.errors[0].detail).toMatch(/expired/);
  });
});

describe('tenants', () => {
  const countries = async (key: string, extra = '') => {
    const res = await proxy.post(`/api/v2/datasets/sales/aggregate${extra}`, { aggregations: { a: { group_by: ['store_country'], aggregates: { n: 'COUNT()' } } } }, { authorization: `Apikey ${key}` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res;
  };
  const expected = (cs: string[]) => cs.map((c) => ({ store_country: c, n: sales.filter((s) => s.store_country === c).length }));

  it('a tenant sees only its rows, and a cached answer of one tenant never serves another', async () => {
    const eu = await countries(EU_KEY);
    const us = await countries(US_KEY);
    expect(eu.body.aggregations.a).toEqual(expected(['France', 'Spain']));
    expect(us.body.aggregations.a).toEqual(expected(['USA']));
    expect(us.headers.get('x-aggproxy-cache')).toBe('miss');
    expect((await countries(EU_KEY)).headers.get('x-aggproxy-cache')).toBe('hit');
    expect((await countries(US_KEY)).body.aggregations.a).toEqual(expected(['USA']));
  });

  it('explain shows the tenant its own filter, in the IR and the engine request, and nothing of another', async () => {
    const eu = JSON.stringify((await countries(EU_KEY, '?explain=true')).body);
    const us = JSON.stringify((await countries(US_KEY, '?explain=true')).body);
    expect(eu).toMatch(/"values":\["France","Spain"\]/);
    expect(eu).toMatch(/"terms":\{"store_country":\["France","Spain"\]\}/);
    expect(eu).not.toMatch(/USA/);
    expect(us).not.toMatch(/France|Spain/);
  });

  it('the filter holds in every dialect: Druid, Nue (aggregates and plain reads), Relevance AI', async () => {
    const d = dialects.druid;
    const res = await proxy.post(d.path, d.body, d.auth(US_KEY));
    expect(res.body[0].result.rows).toBe(druidRows.filter((r) => r.market === 'upfront').length);
    const q = dialects['druid-sql'];
    expect((await proxy.post(q.path, q.body, q.auth(US_KEY))).body).toEqual([{ rows: druidRows.filter((r) => r.market === 'upfront').length }]);
    const scanned = await proxy.post(q.path, { query: 'SELECT market FROM testing LIMIT 5000' }, q.auth(EU_KEY));
    expect(new Set(scanned.body.map((r: { market: string }) => r.market))).toEqual(new Set(['spot']));
    const n = await proxy.post('/graphql', { query: '{ aggregate_invoice(groupBy: [currencyIsoCode]) { currencyIsoCode count(field: id) } invoice { currencyIsoCode } }' }, { 'nue-api-key': EU_KEY });
    expect(n.status, JSON.stringify(n.body)).toBe(200);
    const result = n.body.data.result;
    const byCurrency = Object.fromEntries(result.aggregate_invoice.map((r: { currencyIsoCode: string; count: number }) => [r.currencyIsoCode, r.count]));
    expect(byCurrency).toEqual({ eur: nueData.invoice.filter((i) => i.currencyIsoCode === 'eur').length, gbp: nueData.invoice.filter((i) => i.currencyIsoCode === 'gbp').length });
    expect(new Set(result.invoice.map((r: { currencyIsoCode: string }) => r.currencyIsoCode))).toEqual(new Set(['eur', 'gbp']));
    const r = await proxy.post(dialects.relevance.path, dialects.relevance.body, dialects.relevance.auth(EU_KEY));
    expect(r.body.results.map((x: { a: string }) => x.a)).toEqual(['Eastern Suburbs']);
  });

  it('a dataset outside the tenant answers exactly like one that does not exist', async () => {
    const body = dialects.opendatasoft.body;
    const hidden = await proxy.post('/api/v2/datasets/sales/aggregate', body, { authorization: `Apikey ${NARROW_KEY}` });
    const missing = await proxy.post('/api/v2/datasets/no-such-set/aggregate', body, { authorization: `Apikey ${NARROW_KEY}` });
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ ...missing.body, message: missing.body.message.replace('no-such-set', 'sales') });
    const druidHidden = await proxy.post('/druid/v2', dialects.druid.body, { authorization: basic(NARROW_KEY) });
    expect(druidHidden.status).toBe(404);
    const list = await fetch(`${proxy.base}/druid/v2/datasources`, { headers: { authorization: basic(NARROW_KEY) } });
    expect(await list.json()).toEqual([]);
    const sqlHidden = await proxy.post('/druid/v2/sql', dialects['druid-sql'].body, { authorization: basic(NARROW_KEY) });
    const sqlMissing = await proxy.post('/druid/v2/sql', { query: 'SELECT COUNT(*) FROM nosuch' }, { authorization: basic(NARROW_KEY) });
    expect(sqlHidden.status).toBe(404);
    expect(sqlHidden.body).toEqual({ ...sqlMissing.body, errorMessage: sqlMissing.body.errorMessage.replace('nosuch', 'testing') });
    const tables = await proxy.post('/druid/v2/sql', { query: "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'druid'" }, { authorization: basic(NARROW_KEY) });
    expect(tables.body).toEqual([]);
    const schema = await proxy.post('/graphql', { query: '{ __schema { queryType { fields { name } } } }' }, { 'nue-api-key': NARROW_KEY });
    const names = schema.body.data.__schema.queryType.fields.map((f: { name: string }) => f.name);
    expect(names.some((n: string) => /invoice/i.test(n))).toBe(true);
    expect(names.some((n: string) => /product|listing|sales/i.test(n))).toBe(false);
  });

  it('keys, secrets and tokens never reach the log', () => {
    const log = logLines.join('');
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [EU_KEY, US_KEY, NARROW_KEY, EU_CLIENT.client_secret]) expect(log).not.toContain(secret);
  });
});
