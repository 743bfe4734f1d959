/**
 * timestamp_extract virtual columns as dimensions (and Druid SQL's EXTRACT / TIME_EXTRACT, which
 * plan to them): each row's calendar part in the zone, Druid's numbering (DOW 1 = Monday), counted
 * by plain code over the rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, rows } from './fixtures.js';
import { group } from './reference.js';
import { itNeeds } from '../../helpers/engine.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const isoDow = (t: number, shiftHours = 0): number => ((new Date(t + shiftHours * 3_600_000).getUTCDay() + 6) % 7) + 1;
const counts = (key: (t: number) => number) => [...group(rows, (r) => key(r.t)).entries()].sort(([a], [b]) => a - b).map(([k, rs]) => [k, rs.length]);

describe('time parts', () => {
  // the date-parts key is a params-only script: where the engine runs none, it is a 400 naming the capability
  itNeeds('scripts')('native: a timestamp_extract virtual column as a LONG dimension, in a zone', async () => {
    const res = await proxy.post('/druid/v2', {
      queryType: 'groupBy', dataSource: 'testing', intervals: ['1970-01-01/2020-01-01'], granularity: 'all',
      virtualColumns: [{ type: 'expression', name: 'dow', expression: "timestamp_extract(__time, 'DOW', 'America/Los_Angeles')", outputType: 'LONG' }],
      dimensions: [{ type: 'default', dimension: 'dow', outputName: 'dow', outputType: 'LONG' }],
      aggregations: [{ type: 'count', name: 'n' }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // winter 2011 in Los Angeles is UTC-8 (the data's dates run January to April; April is UTC-7)
    const la = (t: number) => isoDow(t, new Date(t).getUTCMonth() >= 2 && new Date(t) >= new Date('2011-03-13T10:00:00Z') ? -7 : -8);
    expect(res.body.map((r: any) => [r.event.dow, r.event.n])).toEqual(counts(la));
  });

  itNeeds('scripts')('Druid SQL EXTRACT and TIME_EXTRACT group by month, day of week and year', async () => {
    const res = await proxy.post('/druid/v2/sql', { query: "SELECT EXTRACT(MONTH FROM __time) AS m, TIME_EXTRACT(__time, 'YEAR') AS y, COUNT(*) AS n FROM testing GROUP BY 1, 2" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual(counts((t) => new Date(t).getUTCMonth() + 1).map(([m, n]) => ({ m, y: 2011, n })));
    const dow = await proxy.post('/druid/v2/sql', { query: 'SELECT EXTRACT(DOW FROM __time) AS d, COUNT(*) AS n FROM testing GROUP BY 1 ORDER BY n DESC, d LIMIT 3' });
    const expected = counts((t) => isoDow(t)).sort((a, b) => (b[1] as number) - (a[1] as number) || (a[0] as number) - (b[0] as number)).slice(0, 3).map(([d, n]) => ({ d, n }));
    expect(dow.body).toEqual(expected);
  });

  it('a time part outside a dimension, an unknown unit and a non-time column are 400s naming them', async () => {
    const agg = await proxy.post('/druid/v2', {
      queryType: 'timeseries', dataSource: 'testing', intervals: ['1970-01-01/2020-01-01'],
      virtualColumns: [{ type: 'expression', name: 'h', expression: "timestamp_extract(__time, 'HOUR')" }],
      aggregations: [{ type: 'longSum', name: 's', fieldName: 'h' }],
    });
    expect(agg.status).toBe(400);
    expect(agg.body.errorMessage).toMatch(/timestamp_extract virtual column \[h\] here: it can be a dimension/);
    const unit = await proxy.post('/druid/v2/sql', { query: 'SELECT EXTRACT(QUARTER FROM __time), COUNT(*) FROM testing GROUP BY 1' });
    expect(unit.status).toBe(400);
    expect(unit.body.errorMessage).toMatch(/EXTRACT unit \[QUARTER\]/);
    const col = await proxy.post('/druid/v2/sql', { query: "SELECT TIME_EXTRACT(qualityLong, 'HOUR'), COUNT(*) FROM testing GROUP BY 1" });
    expect(col.status).toBe(400);
    expect(col.body.errorMessage).toMatch(/TIME_EXTRACT of anything but __time/);
  });
});
