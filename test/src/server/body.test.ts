/**
 * Body-parser failures through HTTP, per dialect, without an engine (each is refused before the
 * engine is asked): status, the dialect's own error shape, and the limit or position it names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { buildConfig, type ConfigFile } from '../../../src/catalog/config.js';
import { createApp } from '../../../src/server/app.js';

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function listen(file: Partial<ConfigFile>): Promise<{ base: string; close: () => Promise<void> }> {
  const config = buildConfig({
    // nothing listens there: a request that reached the engine would answer 502
    engine: { url: 'http://127.0.0.1:9', timeoutMs: 2_000 },
    datasets: { testing: { index: 'no-such-index', timeField: 'ts' } },
    ...file,
  });
  const app = createApp(config, pino({ level: 'silent' }));
  const server: Server = await new Promise((resolve) => {
    const s = app.express.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

async function send(base: string, path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** One route per dialect, and how to read the message out of its error shape. */
const dialects = [
  { name: 'relevance-ai', path: '/latest/datasets/testing/aggregate', message: (b: any): string => b.message ?? b.detail?.[0]?.msg },
  { name: 'shopware', path: '/api/search/testing', message: (b: any): string => b.errors[0].detail },
  { name: 'druid', path: '/druid/v2', message: (b: any): string => b.errorMessage },
  { name: 'opendatasoft', path: '/api/v2/datasets/testing/aggregate', message: (b: any): string => b.message },
  { name: 'nue-graphql', path: '/graphql', message: (b: any): string => b.errors[0].message },
] as const;

/** The dialect's shape, and for JSON:API (Shopware) the status inside agrees with the HTTP status. */
function expectShape(dialect: (typeof dialects)[number]['name'], a: Answer): void {
  const b = a.body;
  if (dialect === 'relevance-ai') expect(b.message !== undefined || Array.isArray(b.detail)).toBe(true);
  if (dialect === 'shopware') expect(b.errors[0].status).toBe(String(a.status));
  if (dialect === 'druid') expect(Object.keys(b).sort()).toEqual(['error', 'errorClass', 'errorMessage', 'host']);
  if (dialect === 'opendatasoft') expect(Object.keys(b).sort()).toEqual(['error_code', 'message']);
  if (dialect === 'nue-graphql') expect(typeof b.errors[0].extensions.code).toBe('string');
  expect(JSON.stringify(b)).not.toMatch(/Internal error|at .*\.ts:\d+/);
}

let proxy: { base: string; close: () => Promise<void> };
beforeAll(async () => {
  proxy = await listen({ limits: { maxBodyBytes: 300_000, maxBodyBytesByDialect: { druid: 256 } } });
});
afterAll(() => proxy.close());

describe.each(dialects)('$name: body-parser failures', (d) => {
  it('an unknown content-encoding is a 415', async () => {
    const a = await send(proxy.base, d.path, '{}', { 'content-encoding': 'x-snappy' });
    expect(a.status).toBe(415);
    expectShape(d.name, a);
    expect(d.message(a.body)).toContain('content-encoding "x-snappy"');
  });

  it('a charset other than utf-8 is a 415', async () => {
    const a = await send(proxy.base, d.path, '{}', { 'content-type': 'application/json; charset=ISO-8859-1' });
    expect(a.status).toBe(415);
    expectShape(d.name, a);
    expect(d.message(a.body)).toContain('charset "iso-8859-1"');
  });

  it('invalid JSON is the dialect\'s 4xx with line, column and character', async () => {
    const a = await send(proxy.base, d.path, '{\n  "a": 1,\n}');
    expect(a.status).toBe(d.name === 'relevance-ai' ? 422 : 400);
    expectShape(d.name, a);
    expect(d.message(a.body)).toMatch(/not valid JSON: .* at line 3 column 1 \(char 12\)/);
  });

  it('bytes that are not UTF-8 and bytes that are not the gzip they claim are 4xx', async () => {
    const bad = await send(proxy.base, d.path, Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]));
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(d.message(bad.body)).toContain('not valid UTF-8');
    const gz = await send(proxy.base, d.path, '{}', { 'content-encoding': 'gzip' });
    expect(gz.status).toBeLessThan(500);
    expect(d.message(gz.body)).toContain('not valid gzip data');
  });

  it('a body over the size limit is a 413 naming the limit', async () => {
    const a = await send(proxy.base, d.path, JSON.stringify({ pad: 'x'.repeat(300_000) }));
    expect(a.status).toBe(413);
    expectShape(d.name, a);
    const name = d.name === 'druid' ? 'limits.maxBodyBytesByDialect.druid (256)' : 'limits.maxBodyBytes (300000)';
    expect(d.message(a.body)).toContain(name);
  });

  it('a body nested 100,000 deep is a 400 naming limits.maxDepth', async () => {
    const a = await send(proxy.base, d.path, `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(a.status).toBe(d.name === 'druid' ? 413 : 400);
    if (d.name === 'druid') return; // 200 kB is over Druid's 256 bytes here
    expectShape(d.name, a);
    expect(d.message(a.body)).toContain('limits.maxDepth (64)');
  });
});

describe('bodies the products accept', () => {
  // an unknown queryType is Druid's parse error: proof the body was read as JSON, no engine needed
  const query = JSON.stringify({ queryType: 'nope', dataSource: 'testing' });
  const parsed = (a: Answer): void => {
    expect(a.status).toBe(400);
    expect(a.body.errorMessage).toContain("Could not resolve type id 'nope'");
  };

  it.each([
    ['application/json'],
    ['application/json; charset=utf-8'],
    ['application/json;charset="UTF-8"'],
    ['application/vnd.api+json'],
    ['application/x-druid+json'],
    ['text/plain'],
    ['text/plain; charset=utf8'],
    ['application/x-www-form-urlencoded'],
  ])('%s is read as JSON', async (type) => {
    parsed(await send(proxy.base, '/druid/v2', query, { 'content-type': type }));
  });

  it('no content type at all is read as JSON', async () => {
    const res = await fetch(proxy.base + '/druid/v2', { method: 'POST', body: new Blob([query]) });
    parsed({ status: res.status, body: await res.json(), headers: res.headers });
  });

  it('gzip and deflate bodies, identity and a UTF-8 byte order mark', async () => {
    parsed(await send(proxy.base, '/druid/v2', gzipSync(query), { 'content-encoding': 'gzip' }));
    parsed(await send(proxy.base, '/druid/v2', query, { 'content-encoding': 'identity' }));
    parsed(await send(proxy.base, '/druid/v2', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(query)])));
  });

  it('the per-dialect size applies to its dialect only', async () => {
    const big = JSON.stringify({ aggregations: {}, pad: 'x'.repeat(1000) });
    expect((await send(proxy.base, '/druid/v2', big)).status).toBe(413);
    const ods = await send(proxy.base, '/api/v2/datasets/testing/aggregate', big);
    expect(ods.status).not.toBe(413);
  });
});

describe('rate limit', () => {
  it('is off by default', async () => {
    for (let i = 0; i < 30; i++) expect((await send(proxy.base, '/druid/v2', '{')).status).toBe(400);
  });

  it('keyed by client address when auth is off; health and metrics are not limited', async () => {
    const p = await listen({ limits: { ratePerSecond: 0.01, rateBurst: 2 } });
    try {
      for (let i = 0; i < 2; i++) expect((await send(p.base, '/druid/v2', '{')).status).toBe(400);
      const refused = await send(p.base, '/druid/v2', '{');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.body.errorClass).toBe('org.apache.druid.query.QueryCapacityExceededException');
      expect(refused.body.errorMessage).toContain('limits.ratePerSecond');
      // the same client on another dialect: the allowance is shared
      const ods = await send(p.base, '/api/v2/datasets/testing/aggregate', '{');
      expect(ods.status).toBe(429);
      expect(ods.body.error_code).toBe('TooManyRequests');
      const nue = await send(p.base, '/graphql', '{');
      expect(nue.status).toBe(429);
      expect(nue.body.errors[0].extensions.code).toBe('RATE_LIMITED');
      for (const path of ['/healthz', '/metrics']) expect((await fetch(p.base + path)).status).toBe(200);
    } finally {
      await p.close();
    }
  });

  it('keyed by tenant when auth is on', async () => {
    const tenants = { a: { datasets: ['testing'], apiKeys: ['key-a-0123456789abcdef'] }, b: { datasets: ['testing'], apiKeys: ['key-b-0123456789abcdef'] } };
    const p = await listen({ auth: { enabled: true, tenants }, limits: { ratePerSecond: 0.01, rateBurst: 2 } });
    try {
      const ods = (key: string): Promise<Answer> => send(p.base, `/api/v2/datasets/testing/aggregate?apikey=${key}`, '{');
      expect((await ods('key-a-0123456789abcdef')).status).toBe(400);
      expect((await ods('key-a-0123456789abcdef')).status).toBe(400);
      const refused = await ods('key-a-0123456789abcdef');
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ error_code: 'TooManyRequests' });
      expect((await ods('key-b-0123456789abcdef')).status).toBe(400);
      // an unauthenticated request is a 401, never a spent allowance
      expect((await ods('wrong')).status).toBe(401);
    } finally {
      await p.close();
    }
  });
});
