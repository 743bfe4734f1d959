/**
 * Exports end to end: every matching record (in pages through the documents query) or every group,
 * as json, jsonl and csv (delimiter, list_separator, with_bom), against the fixture rows; an export
 * past the engine's result window is refused before anything is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../../helpers/harness.js';
import { fixtures, hundred, sales } from '../fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  // one more than the engine's result window, to see the export past it refused
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

  it('refuses an export past the result window before writing anything, and answers one within it', async () => {
    const r = await exportText('many', 'jsonl', {});
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ error_code: 'InvalidRESTParameterError' });
    expect(JSON.parse(r.text).message).toContain('This export matches 10001 records');
    const within = await exportText('many', 'jsonl', { where: 'n >= 1', select: 'n' });
    expect(within.status).toBe(200);
    expect(within.text.trimEnd().split('\n')).toHaveLength(10_000);
  });

  it('refuses an unknown format and csv options on json', async () => {
    const a = await exportText('sales', 'xml', {});
    expect([a.status, JSON.parse(a.text).error_code]).toEqual([400, 'InvalidRESTParameterError']);
    const b = await exportText('sales', 'json', { delimiter: ',' });
    expect([b.status, JSON.parse(b.text).error_code]).toEqual([400, 'InvalidRESTParameterError']);
  });
});
