/** Druid's metadata surface on Druid's own test data: what clients such as plywood call before querying. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, rows } from './fixtures.js';
import { within } from './reference.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const druid = async (q: object) => {
  const res = await proxy.post('/druid/v2', { dataSource: 'testing', ...q });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const times = rows.map((r) => r.t);
const min = new Date(Math.min(...times)).toISOString();
const max = new Date(Math.max(...times)).toISOString();

describe('druid metadata', () => {
  it('GET /status, /druid/v2/datasources/{name}: version, dimensions and metrics', async () => {
    const status = (await (await fetch(`${proxy.base}/status`)).json()) as { version: string };
    expect(status.version).toMatch(/^\d+\.\d+\.\d+$/);
    const ds = (await (await fetch(`${proxy.base}/druid/v2/datasources/testing`)).json()) as { dimensions: string[]; metrics: string[] };
    expect(ds.dimensions).toEqual(expect.arrayContaining(['market', 'quality', 'placement']));
    expect(ds.metrics).toEqual(expect.arrayContaining(['index']));
    expect((await fetch(`${proxy.base}/druid/v2/datasources/nope`)).status).toBe(404);
  });

  it('timeBoundary (both bounds, one bound, within a filter) and dataSourceMetadata', async () => {
    expect(await druid({ queryType: 'timeBoundary' })).toEqual([{ timestamp: min, result: { minTime: min, maxTime: max } }]);
    expect(await druid({ queryType: 'timeBoundary', bound: 'maxTime' })).toEqual([{ timestamp: max, result: { maxTime: max } }]);
    const spot = rows.filter((r) => r.market === 'spot').map((r) => r.t);
    const spotMax = new Date(Math.max(...spot)).toISOString();
    expect(await druid({ queryType: 'timeBoundary', bound: 'maxTime', filter: { type: 'selector', dimension: 'market', value: 'spot' } })).toEqual([{ timestamp: spotMax, result: { maxTime: spotMax } }]);
    expect(await druid({ queryType: 'dataSourceMetadata' })).toEqual([{ timestamp: max, result: { maxIngestedEventTime: max } }]);
  });

  it('segmentMetadata: one merged segment with Druid column types and the row count', async () => {
    const [seg] = await druid({ queryType: 'segmentMetadata', merge: true, analysisTypes: [] });
    expect(seg.numRows).toBe(rows.length);
    expect(seg.intervals).toEqual([`${min}/${new Date(Date.parse(max) + 1).toISOString()}`]);
    expect(seg.columns.__time.type).toBe('LONG');
    expect(seg.columns.market.type).toBe('STRING');
    expect(seg.columns.index.type).toBe('DOUBLE');
  });

  it('scan: the rows of an interval, columns chosen, ordered by time, limit; compactedList', async () => {
    const q = { queryType: 'scan', intervals: ['2011-04-01/2011-04-02'], columns: ['__time', 'market', 'index'], order: 'ascending', limit: 5 };
    const [batch] = await druid(q);
    const day = within(rows, '2011-04-01', '2011-04-02');
    expect(batch.columns).toEqual(['__time', 'market', 'index']);
    expect(batch.events).toHaveLength(5);
    expect(batch.events.every((e: { __time: number }) => e.__time === Date.parse('2011-04-01'))).toBe(true);
    const all = await druid({ ...q, limit: 1000, resultFormat: 'compactedList' });
    expect(all[0].events).toHaveLength(day.length);
    expect(all[0].events[0]).toHaveLength(3);
    expect(await druid({ ...q, intervals: ['1990-01-01/1990-01-02'] })).toEqual([]);
  });
});
