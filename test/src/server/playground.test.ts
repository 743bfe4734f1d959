/** The playground's server side without an engine: the landing page, the metadata, the static build. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { buildConfig } from '../../../src/catalog/config.js';
import { createApp } from '../../../src/server/app.js';
import { playgroundDir } from '../../../src/server/playground.js';

const servers: Server[] = [];
async function serve(auth: boolean): Promise<string> {
  const config = buildConfig({
    engine: { url: 'http://127.0.0.1:9' },
    datasets: { sales: { index: 'sales-2024', timeField: 'sales_date' }, product: { index: 'shop-products' } },
    ...(auth ? { auth: { enabled: true, tenants: { t: { datasets: ['sales'], apiKeys: ['k'.repeat(24)] } } } } : {}),
  }, {});
  const app = createApp(config, pino({ level: 'silent' }));
  const server: Server = await new Promise((resolve) => {
    const s = app.express.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let open: string;
let closed: string;
beforeAll(async () => {
  [open, closed] = await Promise.all([serve(false), serve(true)]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

describe('playground routes', () => {
  it('GET / links to the playground', async () => {
    const res = await fetch(`${open}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('href="/playground/"');
  });

  it('lists the exposed datasets, and none when authentication is on (a name is not told to whoever asks)', async () => {
    expect(await (await fetch(`${open}/playground/meta.json`)).json()).toEqual({ auth: false, datasets: [{ name: 'sales', timeField: 'sales_date' }, { name: 'product' }] });
    expect(await (await fetch(`${closed}/playground/meta.json`)).json()).toEqual({ auth: true, datasets: [] });
  });

  it('serves the built page and its assets under /playground/', async () => {
    expect(playgroundDir()).toBeDefined();
    const redirect = await fetch(`${open}/playground`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    const page = await fetch(`${open}/playground/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /src="(\/playground\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${open}${script!}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });
});
