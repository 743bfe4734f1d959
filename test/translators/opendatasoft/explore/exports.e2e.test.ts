/**
 * Exports end to end: every matching record (in pages through the documents query) or every group,
 * as json, jsonl and csv (delimiter, list_separator, with_bom), against the fixture rows; records
 * past the engine's result window stream through the pipeline's scan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../../helpers/harness.js';
import { fixtures, hundred, sales } from '../fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  // one more than the engine's result window, to see the export stream past it
  const many = { dataset: 'many', mapping: { properties: { n: { type: 'integer' } } }, docs: Array.from({ length: 10_001 }, (_, n) => ({ _id: `m${n}`, n })), shards: 1 };
  proxy = await startProxy([...fixtures, many]);
}, 120_000);
afterAll(() => proxy?.close());

const BASE = '/api/explore/v2.1/catalog/datasets';

async function exportText(dataset: string, format: string, params: Record<string, string>): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(`${proxy.base}${BASE}/${dataset}/exports/${format}?${new URLSearchParams(params)}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()) };
  // ignoreBOM: keep the byte-order mark, which fetch's text() would drop
}

describe('exports', () => {
  it('json: every matching record, more than one records page', async () => {
    const r = await exportText('sales', 'json', { select: 'store_name, sales_count', order_by: 'sales_count, store_name' });
    expect(r.status).toBe(200);
    expect(r.type).toContain('application/json');
    const rows = JSON.parse(r.text) as { store_name: string; sales_count: number }[];
    expect(rows).toHaveLength(sales.length);
    const sorted = [...sales].sort((a, b) => a.sales_count - b.sales_count || (a.store_name < b.store_name ? -1 : a.store_name > b.store_name ? 1 : 0));
    expect(rows.map((x) => x.sales_count)).toEqual(sorted.map((s) => s.sales_count));
  });

  it('jsonl: one group per line', async () => {
    const r = await exportText('sales', 'jsonl', { select: 'store_name, count(*) as n', group_by: 'store_name' });
    expect(r.status).toBe(200);
    const lines = r.text.trimEnd().split('\n').map((l) => JSON.parse(l) as { store_name: string; n: number });
    const counts = new Map<string, number>();
    for (const s of sales) counts.set(s.store_name, (counts.get(s.store_name) ?? 0) + 1);
    expect(lines).toEqual([...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([store_name, n]) => ({ store_name, n })));
  });

  it('csv: header, delimiter, BOM, quoting', async () => {
    const r = await exportText('sales', 'csv', { select: 'store_name, store_address', where: "store_name = 'Zara'", limit: '2', delimiter: ',' });
    expect(r.status).toBe(200);
    expect(r.type).toContain('text/csv');
    expect(r.text.startsWith('\uFEFFstore_name,store_address\r\n')).toBe(true);
    const zara = sales.filter((s) => s.store_name === 'Zara').slice(0, 2);
    expect(r.text.slice(1).split('\r\n').slice(1, 3)).toEqual(zara.map((s) => `Zara,"${s.store_address}"`));
    const plain = await exportText('hundred', 'csv', { with_bom: 'false', order_by: 'n', limit: '3' });
    expect(plain.text).toBe(`n\r\n${[...hundred].sort((a, b) => a.n - b.n).slice(0, 3).map((h) => `${h.n}\r\n`).join('')}`);
  });

  it('streams past the result window: every record, in order, with offset and limit', async () => {
    const all = await exportText('many', 'jsonl', { order_by: 'n', select: 'n' });
    expect(all.status).toBe(200);
    const ns = all.text.trimEnd().split('\n').map((l) => (JSON.parse(l) as { n: number }).n);
    expect(ns).toEqual(Array.from({ length: 10_001 }, (_, n) => n));
    // an offset and a limit that each reach past the window, across scan pages
    const slice = await exportText('many', 'csv', { order_by: 'n desc', offset: '9500', limit: '1200', with_bom: 'false' });
    expect(slice.text).toBe(`n\r\n${Array.from({ length: 501 }, (_, i) => `${500 - i}\r\n`).join('')}`);
    const json = JSON.parse((await exportText('many', 'json', { where: 'n >= 10000 or n < 2' })).text) as { n: number }[];
    expect(json.map((r) => r.n).sort((a, b) => a - b)).toEqual([0, 1, 10_000]);
    const none = await exportText('many', 'json', { where: 'n < 0' });
    expect([none.status, none.text]).toEqual([200, '[]']);
  });

  it('streams groups a composite page at a time, in order, and orders by an aggregate as one table', async () => {
    // 10,001 groups: six composite pages of 2,000
    const paged = await exportText('many', 'jsonl', { select: 'n, count(*) as c', group_by: 'n' });
    expect(paged.status).toBe(200);
    const rows = paged.text.trimEnd().split('\n').map((l) => JSON.parse(l) as { n: number; c: number });
    expect(rows).toEqual(Array.from({ length: 10_001 }, (_, n) => ({ n, c: 1 })));
    // the null group last, as in a records answer (the composite's missing_order keeps the stream in order)
    const countries = (await exportText('sales', 'jsonl', { select: 'store_country, count(*) as c', group_by: 'store_country' })).text.trimEnd().split('\n').map((l) => JSON.parse(l) as { store_country: string | null });
    const named = [...new Set(sales.flatMap((x) => (x.store_country === undefined ? [] : [x.store_country])))].sort();
    expect(countries.map((x) => x.store_country)).toEqual([...named, null]);
    const byCount = await exportText('sales', 'json', { select: 'store_name, count(*) as c', group_by: 'store_name', order_by: 'c desc, store_name' });
    const counts = new Map<string, number>();
    for (const x of sales) counts.set(x.store_name, (counts.get(x.store_name) ?? 0) + 1);
    const expected = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([store_name, c]) => ({ store_name, c }));
    expect(JSON.parse(byCount.text)).toEqual(expected);
  });

  it('frees the engine scroll when the export ends and when its client goes away', async () => {
    const open = async (): Promise<number> => {
      const stats = await proxy.engine.request<{ nodes: Record<string, { indices: { search: { scroll_current: number } } }> }>('GET', '/_nodes/stats/indices/search');
      return Object.values(stats.nodes).reduce((n, x) => n + x.indices.search.scroll_current, 0);
    };
    await exportText('many', 'jsonl', { select: 'n' });
    expect(await open()).toBe(0);
    const gone = new AbortController();
    const res = await fetch(`${proxy.base}${BASE}/many/exports/jsonl`, { signal: gone.signal });
    await res.body?.getReader().read();
    gone.abort();
    let left = await open();
    for (let i = 0; i < 50 && left > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = await open();
    }
    expect(left).toBe(0);
  });

  it('refuses an export over limits.maxScanDocuments before writing anything', async () => {
    const small = await startProxy(fixtures.filter((f) => f.dataset === 'hundred'), { limits: { maxScanDocuments: 50 } });
    try {
      const res = await fetch(`${small.base}${BASE}/hundred/exports/jsonl`);
      const body = (await res.json()) as { error_code: string; message: string };
      expect(res.status).toBe(400);
      expect(body.message).toContain('limits.maxScanDocuments');
      const ok = await fetch(`${small.base}${BASE}/hundred/exports/jsonl?limit=50`);
      expect([ok.status, (await ok.text()).trimEnd().split('\n').length]).toEqual([200, 50]);
    } finally {
      await small.close();
    }
  });

  it('refuses an unknown format and csv options on json', async () => {
    const a = await exportText('sales', 'xml', {});
    expect([a.status, JSON.parse(a.text).error_code]).toEqual([400, 'InvalidRESTParameterError']);
    const b = await exportText('sales', 'json', { delimiter: ',' });
    expect([b.status, JSON.parse(b.text).error_code]).toEqual([400, 'InvalidRESTParameterError']);
  });
});
