/**
 * Body limits and the rate limit end to end on a real engine: a valid Druid query answers (also
 * gzip-compressed); the same query too large, too deep or over the rate gets Druid's error shape
 * with the limit named, and the engine is never asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures } from '../../translators/druid/fixtures.js';

const query = {
  queryType: 'timeseries',
  dataSource: 'testing',
  granularity: 'all',
  intervals: ['2011-01-01/2012-01-01'],
  aggregations: [{ type: 'count', name: 'rows' }],
};

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures, { limits: { ratePerSecond: 0.01, rateBurst: 4, maxBodyBytesByDialect: { druid: 2048 } } });
});
afterAll(() => proxy?.close());

describe('Druid body limits and rate limit on a real engine', () => {
  it('answers, refuses what is over a limit in Druid\'s shape, then sheds the client over its rate', async () => {
    const ok = await proxy.post('/druid/v2', query);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const rows = ok.body[0].result.rows as number;
    expect(rows).toBeGreaterThan(0);

    const res = await fetch(`${proxy.base}/druid/v2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-aggproxy-cache': 'bypass' },
      body: gzipSync(JSON.stringify(query)),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: { rows: number } }[])[0]!.result.rows).toBe(rows);

    const big = await proxy.post('/druid/v2', { ...query, context: { pad: 'x'.repeat(4096) } });
    expect(big.status).toBe(413);
    expect(big.body.errorMessage).toContain('limits.maxBodyBytesByDialect.druid (2048)');

    const deep = await proxy.post('/druid/v2', { ...query, filter: JSON.parse('{"type":"not","field":'.repeat(70) + '{"type":"true"}' + '}'.repeat(70)) });
    expect(deep.status).toBe(400);
    expect(deep.body).toMatchObject({ error: 'Unknown exception', errorClass: 'java.lang.IllegalArgumentException' });
    expect(deep.body.errorMessage).toContain('limits.maxDepth (64)');

    // the allowance of 4 is spent: the next request, however valid, is Druid's capacity answer
    const shed = await proxy.post('/druid/v2', query);
    expect(shed.status).toBe(429);
    expect(Number(shed.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(shed.body.errorClass).toBe('org.apache.druid.query.QueryCapacityExceededException');
    expect((await fetch(`${proxy.base}/healthz`)).status).toBe(200);
  });
});
