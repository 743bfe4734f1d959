/**
 * Hostile requests of an authenticated Opendatasoft tenant (auth on): credentials in odd forms, datasets
 * outside the tenant by every spelling, and attempts to see rows its row filter hides (tenant `eu` sees
 * only France's sales). A refusal is a 401/404 in ODS's shape; an answer counts France's rows only.
 */
import type { ConfigFile } from '../../src/catalog/config.js';
import { sales } from '../translators/opendatasoft/fixtures.js';
import { Cases, type Case } from './cases.js';
import type { Rng } from './prng.js';
import type { Request } from './proxy-process.js';

const EU_KEY = 'hostile-eu-key-0123456789';
const NARROW_KEY = 'hostile-narrow-key-01234';
export const tenantAuth: Partial<ConfigFile> = {
  auth: {
    enabled: true,
    tokenTtlSeconds: 600,
    tenants: {
      eu: { datasets: ['sales'], filters: { sales: { store_country: 'France' } }, apiKeys: [EU_KEY] },
      narrow: { datasets: ['values'], apiKeys: [NARROW_KEY] },
    },
  },
};

const PATH = '/api/v2/datasets/sales/aggregate';
const as = (key: string | undefined, body: unknown, path = PATH, headers: Record<string, string> = {}): Request => ({
  method: 'POST', path, body, headers: { ...(key !== undefined ? { authorization: `Apikey ${key}` } : {}), ...headers },
});
const count = { aggregations: { a: { aggregates: { n: 'COUNT()' } } } };
export const tenantSimple = as(EU_KEY, { aggregations: { a: { group_by: ['store_country'], aggregates: { n: 'COUNT()' } } } });
const france = sales.filter((s) => s.store_country === 'France');

type Row = Record<string, unknown>;
const rowsA = (b: unknown): Row[] | undefined => (b as { aggregations?: Record<string, Row[]> })?.aggregations?.a;
/** Whole when every row is France's and the counts add up to France's sales. */
const onlyFrance = (col = 'n') => (b: unknown): string | undefined => {
  const rows = rowsA(b);
  if (!Array.isArray(rows)) return 'no rows';
  if (rows.some((r) => r.store_country !== undefined && r.store_country !== 'France')) return 'a row of another country';
  const n = rows.reduce((s, r) => s + Number(r[col] ?? 0), 0);
  return n === france.length ? undefined : `${n} sales counted, the tenant sees ${france.length}`;
};
export const tenantSimpleOk = onlyFrance();

export function tenantCases(r: Rng): Case[] {
  const c = new Cases('opendatasoft-tenant');
  // credentials: missing, wrong, in odd forms: a 401, never an answer
  const creds: [string, Record<string, string>, string?][] = [
    ['none', {}],
    ['empty-apikey', { authorization: 'Apikey ' }],
    ['wrong-key', { authorization: `Apikey ${EU_KEY}x` }],
    ['key-prefix', { authorization: `Apikey ${EU_KEY.slice(0, -1)}` }],
    ['key-case', { authorization: `Apikey ${EU_KEY.toUpperCase()}` }],
    ['bearer-scheme', { authorization: `Bearer ${EU_KEY}` }],
    ['basic-scheme', { authorization: `Basic ${Buffer.from(`x:${EU_KEY}`).toString('base64')}` }],
    ['key-8k', { authorization: `Apikey ${r.string(8000)}` }],
    ['key-unicode', { authorization: `Apikey ${EU_KEY}\u00e9` }],
    ['two-keys', { authorization: `Apikey ${EU_KEY}, Apikey ${NARROW_KEY}` }],
    ['key-wildcard', { authorization: 'Apikey *' }],
  ];
  // RFC 7235 allows several spaces after the scheme (and HTTP trims the value): the tenant's own answer
  c.add('index-escape', { name: 'credential-key-with-spaces', request: { method: 'POST', path: PATH, body: count, headers: { authorization: `Apikey  ${EU_KEY} ` } }, whole: onlyFrance() });
  for (const [name, headers] of creds) c.add('index-escape', { name: `credential-${name}`, request: { method: 'POST', path: PATH, body: count, headers } });
  for (const [name, q] of [['query-wrong', `apikey=${EU_KEY}x`], ['query-array', `apikey=${EU_KEY}x&apikey=${EU_KEY}y`], ['query-empty', 'apikey=']] as const)
    c.add('index-escape', { name: `credential-${name}`, request: { method: 'POST', path: `${PATH}?${q}`, body: count } });
  // the right key in the query and a wrong one in the header: the header is the credential
  c.add('index-escape', { name: 'credential-header-wins', request: as(`${EU_KEY}x`, count, `${PATH}?apikey=${EU_KEY}`) });

  // datasets outside the tenant, by every spelling: 404 as an unknown one
  for (const ds of ['values', 'hundred', 'VALUES', 'values%00', 'sales,values', 'sal*', '_all', '..%2Fvalues', 'sales%2F..%2Fvalues'])
    for (const layout of ['/api/v2/datasets', '/api/v2/catalog/datasets'])
      c.add('index-escape', { name: `tenant-dataset-${layout.includes('catalog') ? 'catalog-' : ''}${ds}`, request: as(EU_KEY, count, `${layout}/${ds}/aggregate`) });
  c.add('index-escape', { name: 'narrow-tenant-sales', request: as(NARROW_KEY, count) });
  c.add('index-escape', { name: 'other-dataset-field', request: as(EU_KEY, { aggregations: { a: { aggregates: { n: 'SUM(myfield)' } } } }) });

  // the row filter: no expression, grouping or bound sees past it
  const seen = (name: string, body: object, check = onlyFrance()) => c.add('injection', { name: `row-filter-${name}`, request: as(EU_KEY, body), whole: check });
  seen('count', count);
  seen('group-country', { aggregations: { a: { group_by: ['store_country'], aggregates: { n: 'COUNT()' } } } });
  seen('group-store', { aggregations: { a: { group_by: ['store_name'], aggregates: { n: 'COUNT()' } } } });
  seen('range-huge-bounds', { aggregations: { a: { group_by: [{ name: 'g', expr: 'range(sales_count, equi(2, -1e308, 1e308))' }], aggregates: { n: 'COUNT()' } } } });
  seen('date-groups', { aggregations: { a: { group_by: [{ name: 'y', expr: "date(sales_date, 'yyyy')" }], aggregates: { n: 'COUNT()' } } } });
  seen('two-aggregations', { aggregations: { a: { aggregates: { n: 'COUNT()' } }, b: { group_by: ['store_country'], aggregates: { n: 'COUNT()' } } } });
  seen('incremental', { aggregations: { a: { group_by: ['store_country'], aggregates: { n: 'INCREMENTAL(COUNT())' } } } });
  // keys that would widen the query if the proxy passed them on: refused by name
  for (const [name, extra] of [['where', { where: "store_country='USA' OR 1=1" }], ['refine', { refine: 'store_country:USA' }], ['dataset-key', { dataset: 'values' }], ['index-key', { index: '_all' }]] as const)
    c.add('injection', { name: `row-filter-key-${name}`, request: as(EU_KEY, { ...count, ...extra }) });
  for (const name of ['France', 'USA'])
    c.add('injection', { name: `row-filter-tenant-header-${name}`, request: as(EU_KEY, count, PATH, { 'x-tenant': 'us', 'x-aggproxy-tenant': name }), whole: onlyFrance() });
  return c.all;
}
