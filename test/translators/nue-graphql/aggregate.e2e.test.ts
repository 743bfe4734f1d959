/** Nue GraphQL aggregates end to end, with expected answers computed by plain code over the fixtures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { compareKeys, expectClose, type Doc } from '../../helpers/reference.js';
import { data, fixtures } from './fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const gql = async (query: string, variables?: object, path = '/graphql') => proxy.post(path, { query, variables });
type Row = Record<string, unknown>;

/** SQL-style GROUP BY over fixture docs (a null is its own group), ordered as Nue orders. */
function groupRows(docs: Doc[], groupBy: string[], fns: Record<string, (ds: Doc[]) => number | null>): Row[] {
  const groups = new Map<string, Doc[]>();
  for (const d of docs) {
    const k = JSON.stringify(groupBy.map((g) => d[g] ?? null));
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  const rows = [...groups].map(([k, ds]) => {
    const keys = JSON.parse(k) as (string | null)[];
    const row: Row = Object.fromEntries(groupBy.map((g, i) => [g, keys[i]]));
    for (const [name, fn] of Object.entries(fns)) row[name] = fn(ds);
    return row;
  });
  const first = Object.keys(fns)[0];
  return rows.sort((a, b) => {
    if (first) {
      const x = a[first] as number | null;
      const y = b[first] as number | null;
      if (x !== y) return x === null ? 1 : y === null ? -1 : y - x;
    }
    for (const g of groupBy) {
      const x = a[g] as string | null;
      const y = b[g] as string | null;
      if (x !== y) return x === null ? -1 : y === null ? 1 : compareKeys(x, y);
    }
    return 0;
  });
}

const distinct = (f: string) => (ds: Doc[]): number => new Set(ds.map((d) => d[f]).filter((v) => v !== undefined && v !== null)).size;
const nums = (ds: Doc[], f: string): number[] => ds.map((d) => d[f]).filter((v): v is number => typeof v === 'number');
const sum = (f: string) => (ds: Doc[]): number | null => (nums(ds, f).length ? nums(ds, f).reduce((a, b) => a + b, 0) : null);
const avg = (f: string) => (ds: Doc[]): number | null => (nums(ds, f).length ? (sum(f)(ds) as number) / nums(ds, f).length : null);
const min = (f: string) => (ds: Doc[]): number | null => (nums(ds, f).length ? Math.min(...nums(ds, f)) : null);
const max = (f: string) => (ds: Doc[]): number | null => (nums(ds, f).length ? Math.max(...nums(ds, f)) : null);

describe('nue aggregate_<object>', () => {
  it('counts active products by category, count descending, a null category as its own group', async () => {
    const res = await gql('query { aggregate_product(where: { status: { eq: "active" } }, groupBy: [productCategory]) { productCategory count(field: id, distinct: true) } }');
    const expected = groupRows(data.product.filter((d) => d.status === 'active'), ['productCategory'], { count: distinct('id') });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { result: { aggregate_product: expected } } });
    const all = await gql('{ aggregate_product(groupBy: [productCategory]) { productCategory count(field: id, distinct: true) } }');
    const withNull = groupRows(data.product, ['productCategory'], { count: distinct('id') });
    expect(withNull.some((r) => r.productCategory === null)).toBe(true);
    expect(all.body.data.result.aggregate_product).toEqual(withNull);
  });

  it('combines several functions: invoice count and amount by status', async () => {
    const res = await gql('{ aggregate_invoice(groupBy: [status]) { status count(field: id, distinct: true) sum(field: amount) } }');
    expectClose(res.body.data.result.aggregate_invoice, groupRows(data.invoice, ['status'], { count: distinct('id'), sum: sum('amount') }));
  });

  it('returns one summary row without groupBy, with aliases for variants of one function', async () => {
    const res = await gql(`{
      aggregate_subscription {
        count(field: id, distinct: true) sum(field: quantity) min(field: quantity) max(field: quantity) avg(field: quantity)
        count_id: count(field: id, distinct: true) count_customerId: count(field: customerId, distinct: true)
        withQuantity: count(field: quantity)
      } }`);
    const s = data.subscription;
    expectClose(res.body.data.result.aggregate_subscription, [{
      count: 150, sum: sum('quantity')(s), min: min('quantity')(s), max: max('quantity')(s), avg: avg('quantity')(s),
      count_id: 150, count_customerId: 75, withQuantity: nums(s, 'quantity').length,
    }]);
  });

  it('groups by up to three fields; a groupBy without functions is SELECT DISTINCT in group order', async () => {
    const res = await gql('{ aggregate_product(groupBy: [productCategory, priceModel, billingPeriod]) { productCategory priceModel billingPeriod count(field: id) } }');
    expect(res.body.data.result.aggregate_product).toEqual(groupRows(data.product, ['productCategory', 'priceModel', 'billingPeriod'], { count: (ds) => ds.length }));
    const distinctRes = await gql('{ aggregate_product(groupBy: [status, configurable]) { status configurable } }');
    expect(distinctRes.body.data.result.aggregate_product).toEqual(
      groupRows(data.product, ['status', 'configurable'], {}).sort((a, b) => compareKeys(String(a.status), String(b.status)) || Number(a.configurable) - Number(b.configurable)),
    );
  });

  it('accepts a scalar groupBy, and pages with cursor and limit over the exact ordering', async () => {
    const all = groupRows(data.invoice, ['customerId'], { total: sum('amount') });
    const page = async (cursor: number) =>
      (await gql('query($c: Int) { aggregate_invoice(groupBy: customerId, page: {cursor: $c, limit: 7}) { customerId total: sum(field: amount) } }', { c: cursor })).body.data.result.aggregate_invoice;
    expectClose(await page(0), all.slice(0, 7));
    expectClose(await page(7), all.slice(7, 14));
    expectClose(await page(all.length - 3), all.slice(-3));
    expect(await page(all.length)).toEqual([]);
  });

  it('keeps currencies apart when grouped by currency (no conversion)', async () => {
    const res = await gql('{ aggregate_invoice(groupBy: [currencyIsoCode]) { currencyIsoCode count(field: id, distinct: true) sum(field: amount) } }');
    expectClose(res.body.data.result.aggregate_invoice, groupRows(data.invoice, ['currencyIsoCode'], { count: distinct('id'), sum: sum('amount') }));
  });

  it('filters with every where operator, and/or/not and the _eq-style spellings', async () => {
    const cases: [string, (d: Doc) => boolean][] = [
      ['{ status: { ne: "paid" } }', (d) => d.status !== 'paid'],
      ['{ amount: { gt: 1000, lte: 3000 } }', (d) => (d.amount as number) > 1000 && (d.amount as number) <= 3000],
      ['{ status: { in: ["draft", "void"] } }', (d) => ['draft', 'void'].includes(d.status as string)],
      ['{ status: { nin: ["draft", "void"] } }', (d) => !['draft', 'void'].includes(d.status as string)],
      ['{ status: { in: [] } }', () => false],
      ['{ customerId: { startsWith: "cust-1" } }', (d) => String(d.customerId).startsWith('cust-1')],
      ['{ customerId: { endsWith: "-7" } }', (d) => String(d.customerId).endsWith('-7')],
      ['{ currencyIsoCode: { contains: "U" } }', (d) => String(d.currencyIsoCode).includes('u')],
      ['{ invoiceDate: { gte: "2025-06-01", lt: "2025-07-01" } }', (d) => String(d.invoiceDate) >= '2025-06-01' && String(d.invoiceDate) < '2025-07-01'],
      ['{ or: [{ status: { eq: "void" } }, { and: [{ currencyIsoCode: { eq: "eur" } }, { not: { status: { eq: "paid" } } }] }] }',
        (d) => d.status === 'void' || (d.currencyIsoCode === 'eur' && d.status !== 'paid')],
      ['{ _or: [{ status: { _eq: "void" } }, { amount: { _lt: 100 } }], customerId: { _neq: "cust-3" } }',
        (d) => (d.status === 'void' || (d.amount as number) < 100) && d.customerId !== 'cust-3'],
      ['{ customerId: { _like: "cust-_" } }', (d) => /^cust-.$/.test(String(d.customerId))],
      ['{ status: { _ilike: "P%" } }', (d) => String(d.status).startsWith('p')],
    ];
    for (const [where, keep] of cases) {
      const res = await gql(`{ aggregate_invoice(where: ${where}) { n: count(field: id) } }`);
      expect(res.body.data?.result.aggregate_invoice, where).toEqual([{ n: data.invoice.filter(keep).length }]);
    }
  });

  it('treats null like SQL: isNull, and ne never matches a missing value', async () => {
    const q = (w: string) => gql(`{ aggregate_product(where: ${w}) { n: count(field: id) } }`);
    const isNull = data.product.filter((d) => d.billingPeriod === undefined).length;
    expect((await q('{ billingPeriod: { isNull: true } }')).body.data.result.aggregate_product).toEqual([{ n: isNull }]);
    expect((await q('{ billingPeriod: { _is_null: false } }')).body.data.result.aggregate_product).toEqual([{ n: data.product.length - isNull }]);
    const ne = data.product.filter((d) => d.billingPeriod !== undefined && d.billingPeriod !== 'monthly').length;
    expect((await q('{ billingPeriod: { ne: "monthly" } }')).body.data.result.aggregate_product).toEqual([{ n: ne }]);
  });

  it('gives null for sum/avg/min/max over no values and 0 for count', async () => {
    const res = await gql('{ aggregate_subscription(where: { id: { eq: "none" } }) { count(field: id) sum(field: quantity) avg(field: quantity) min(field: quantity) max(field: quantity) } }');
    expect(res.body.data.result.aggregate_subscription).toEqual([{ count: 0, sum: null, avg: null, min: null, max: null }]);
  });

  it('supports variables, fragments, @skip/@include, __typename, aggregateObject spelling and GET', async () => {
    const query = `query Q($status: String!, $withSum: Boolean!) {
      byStatus: aggregateInvoice(where: { status: { eq: $status } }, groupBy: currencyIsoCode) { ...Cols __typename }
    }
    fragment Cols on InvoiceAggregateRow { currencyIsoCode n: count(field: id) total: sum(field: amount) @include(if: $withSum) ... on InvoiceAggregateRow { status: count(field: status) @skip(if: true) } }`;
    const res = await gql(query, { status: 'paid', withSum: false });
    const expected = groupRows(data.invoice.filter((d) => d.status === 'paid'), ['currencyIsoCode'], { n: (ds) => ds.length }).map((r) => ({ ...r, __typename: 'InvoiceAggregateRow' }));
    expect(res.body).toEqual({ data: { result: { byStatus: expected } } });
    const get = await fetch(`${proxy.base}/api/graphql?query=${encodeURIComponent('{ aggregate_invoice { n: count(field: id) } }')}`);
    expect(await get.json()).toEqual({ data: { result: { aggregate_invoice: [{ n: 120 }] } } });
  });

  it('serves the regular collection field with where and page', async () => {
    const res = await gql('{ product(where: { status: { eq: "draft" } }, page: { limit: 1000 }) { id status } }');
    const ids = (res.body.data.result.product as { id: string }[]).map((p) => p.id).sort();
    expect(ids).toEqual(data.product.filter((d) => d.status === 'draft').map((d) => d.id as string).sort());
  });

  it('shares the cache with identical questions and explains on request', async () => {
    proxy.app.cache.clear();
    const q = '{ aggregate_invoice(groupBy: [status]) { status count(field: id) } }';
    const a = await gql(q);
    const b = await gql('{ aggregateInvoice(groupBy: status) { status c: count(field: id) } }');
    expect(a.headers.get('x-aggproxy-cache')).toBe('miss');
    expect(b.headers.get('x-aggproxy-cache')).toBe('hit');
    const ex = await proxy.post('/graphql?explain=true', { query: q });
    expect(ex.body.explain[0].field).toBe('aggregate_invoice');
    expect(ex.body.explain[0].explain.queries[0].requests[0].body.aggs.groups.composite.sources[0].k0.terms).toEqual({ field: 'status', missing_bucket: true });
  });
});

describe('nue envelope switch', () => {
  it('answers the standard GraphQL shape when configured', async () => {
    const std = await startProxy(fixtures.slice(1, 2), { nue: { envelope: 'standard' } });
    try {
      const res = await std.post('/graphql', { query: '{ aggregate_invoice { n: count(field: id) } }' });
      expect(res.body).toEqual({ data: { aggregate_invoice: [{ n: 120 }] } });
    } finally {
      await std.close();
    }
  });
});
