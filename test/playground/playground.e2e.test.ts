/**
 * The playground in real headless Chromium, on the demo data sets: per dialect, its first example is
 * run from the page, and the table must hold the rows the dialect's route answers, the chart must be
 * drawn (bars or lines, as the answer's shape asks), and the explain view must show the engine
 * requests. A full-page screenshot of each is kept in test-artifacts/ (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startProxy, type Proxy } from '../helpers/harness.js';
import { engineFlavour } from '../helpers/engine.js';
import { CHROMIUM_MISSING, chromiumPath, launchChromium } from '../helpers/browser.js';
import { products, productMapping, sales, saleMapping } from '../../src/demo/generate.js';
import { druidTesting, shopwareProducts } from '../../src/demo/fixtures.js';
import { DIALECTS, type Dialect } from '../../playground/src/dialects.js';
import { examplesOf } from '../../playground/src/examples.js';
import { chartSpec } from '../../playground/src/chart-spec.js';
import type { Table } from '../../playground/src/tables.js';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const executable = chromiumPath();

let proxy: Proxy;
let browser: Browser;
let page: Page;

/** what the page should show for a request: the dialect's answer, read independently of the page */
async function expectedTable(d: Dialect, path: string, body: string): Promise<Table> {
  const res = await proxy.post(path, d.editor === 'graphql' ? { query: body } : body);
  expect(res.status).toBe(200);
  const [first] = d.tables(res.body);
  expect(first?.rows.length).toBeGreaterThan(0);
  return first!;
}

const shownTable = (p: Page): Promise<{ columns: string[]; rows: string[][] }> =>
  p.evaluate(() => ({
    columns: [...document.querySelectorAll('#table thead th')].map((th) => th.textContent ?? ''),
    rows: [...document.querySelectorAll('#table tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
  }));

/** painted pixels of the chart's canvas: a drawn chart has many, a blank canvas none */
const paintedPixels = (p: Page): Promise<number> =>
  p.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('#chart canvas');
    if (!c || c.hidden || c.width === 0) return 0;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });

async function run(p: Page): Promise<void> {
  await p.click('#run');
  await p.waitForSelector('body[data-state="done"], body[data-state="error"]');
}

if (!executable) {
  it.skip(`playground browser tests: ${CHROMIUM_MISSING}`, () => undefined);
} else {
  describe('playground in headless Chromium', () => {
    beforeAll(async () => {
      const [shop, druid] = [shopwareProducts(), druidTesting()];
      [proxy, browser] = await Promise.all([
        startProxy([
          { dataset: 'products', mapping: productMapping, docs: products(600), options: { timeField: 'created_at' } },
          { dataset: 'sales', mapping: saleMapping, docs: sales(1500), options: { timeField: 'sales_date' } },
          { dataset: shop.dataset, mapping: shop.mapping, docs: shop.docs, options: shop.options },
          { dataset: druid.dataset, mapping: druid.mapping, docs: druid.docs, options: druid.options },
        ]),
        launchChromium(executable),
      ]);
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      mkdirSync(ARTIFACTS, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
      await proxy?.close();
    });

    it('is linked from the landing page and lists the configured datasets', async () => {
      await page.goto(`${proxy.base}/`);
      await page.click('a[href="/playground/"]');
      await page.waitForSelector('body[data-state="ready"]');
      const datasets = await page.$$eval('#dataset option', (os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(datasets.sort()).toEqual(['product', 'products', 'sales', 'testing']);
      const dialects = await page.$$eval('#dialect option', (os) => os.map((o) => o.textContent));
      expect(dialects).toEqual(DIALECTS.map((d) => d.label));
    });

    for (const d of DIALECTS) {
      it(`${d.label}: runs its first example, shows the table, the chart and the explain view`, async () => {
        const example = examplesOf(d.id)[0]!;
        await page.goto(`${proxy.base}/playground/`);
        await page.waitForSelector('body[data-state="ready"]');
        await page.selectOption('#dialect', d.id);
        expect(await page.inputValue('#dataset')).toBe(example.dataset);
        expect(await page.inputValue('#path')).toBe(example.path);
        await run(page);
        expect(await page.getAttribute('body', 'data-state')).toBe('done');

        const want = await expectedTable(d, example.path, example.body);
        const shown = await shownTable(page);
        expect(shown.columns).toEqual(want.columns);
        expect(shown.rows).toEqual(want.rows.map((r) => r.map((v) => (v === null ? 'null' : String(v)))));

        const spec = chartSpec(want);
        expect(spec).toBeDefined();
        expect(await page.getAttribute('#chart', 'data-type')).toBe(spec!.type);
        expect(await paintedPixels(page)).toBeGreaterThan(2000);

        const explain = await page.textContent('#explain');
        expect(explain).toMatch(/engine: (opensearch|elasticsearch)/);
        expect(explain).toMatch(/engine request 1: POST \/t-[^ ]+\/_search/);
        expect(await page.locator('#explain .explain-query').count()).toBeGreaterThan(0);

        await page.screenshot({ path: new URL(`playground-${d.id}-${engineFlavour()}.png`, ARTIFACTS).pathname, fullPage: true });
      });
    }

    it('runs an edited request with the header set, aimed at the chosen dataset, and shows errors in the dialect style', async () => {
      await page.goto(`${proxy.base}/playground/`);
      await page.waitForSelector('body[data-state="ready"]');
      await page.selectOption('#dialect', 'druid');
      await page.fill('#auth-value', 'Basic ZGVtbzprZXk=');
      const body = JSON.parse(await page.inputValue('#editor')) as { threshold: number };
      await page.fill('#editor', JSON.stringify({ ...body, threshold: 2 }, null, 2));
      const sent = page.waitForRequest((r) => r.url().endsWith('/druid/v2') && !r.headers()['x-aggproxy-explain']);
      await run(page);
      expect((await sent).headers().authorization).toBe('Basic ZGVtbzprZXk=');
      expect((await shownTable(page)).rows).toHaveLength(2);
      expect(await page.getAttribute('#chart', 'data-series')).toBe('idx|rows');
      // one metric only: the counts are no longer dwarfed by the sums
      await page.selectOption('#chart-metric', 'rows');
      expect(await page.getAttribute('#chart', 'data-series')).toBe('rows');
      expect(await paintedPixels(page)).toBeGreaterThan(2000);

      // another dataset: the path follows (Relevance's dataset is in its path)
      await page.selectOption('#dialect', 'relevance');
      await page.selectOption('#dataset', 'sales');
      expect(await page.inputValue('#path')).toBe('/latest/datasets/sales/aggregate');
      await run(page);
      expect(await page.getAttribute('body', 'data-state')).toBe('error');
      // `category` is not a field of sales: Relevance's own 400, shown as sent
      expect(await page.textContent('#status')).toContain('HTTP 400');
      expect(await page.textContent('#error')).toContain('category');
      expect(await page.isHidden('#answer')).toBe(true);
    });

    it('with authentication on: the dataset is typed, and the header set on the page carries the key', async () => {
      const key = 'playground-key-0123456789abcdef';
      const guarded = await startProxy(
        [{ dataset: 'sales', mapping: saleMapping, docs: sales(200), options: { timeField: 'sales_date' } }],
        { auth: { enabled: true, tenants: { t: { datasets: ['sales'], apiKeys: [key] } } } },
      );
      try {
        await page.goto(`${guarded.base}/playground/`);
        await page.waitForSelector('body[data-state="ready"]');
        expect(await page.isHidden('#dataset')).toBe(true);
        await page.selectOption('#dialect', 'opendatasoft');
        expect(await page.inputValue('#dataset-name')).toBe('sales');
        await run(page);
        expect(await page.textContent('#status')).toContain('HTTP 401');
        await page.fill('#auth-value', `Apikey ${key}`);
        await run(page);
        expect(await page.getAttribute('body', 'data-state')).toBe('done');
        const res = await guarded.post('/api/v2/datasets/sales/aggregate', examplesOf('opendatasoft')[0]!.body, { authorization: `Apikey ${key}` });
        expect((await shownTable(page)).rows).toHaveLength(res.body.aggregations.per_country.length);
      } finally {
        await guarded.close();
      }
    });
  });
}
