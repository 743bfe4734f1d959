/**
 * Imply's Druid client, plywood with plywood-druid-requester, unchanged against the proxy with auth on
 * (HTTP Basic, Druid's basic-security convention): introspect the `testing` data source, then splits,
 * applies, filters, time buckets and top-N, checked against plain code over Druid's own test rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plywood from 'plywood';
import { druidRequesterFactory } from 'plywood-druid-requester';
import { startProxy, type Proxy } from '../helpers/harness.js';
import { fixtures, rows } from '../translators/druid/fixtures.js';
import { group, within } from '../translators/druid/reference.js';
import { itNeeds } from '../helpers/engine.js';

const { External, $, ply } = plywood;
const KEY = 'plywood-suite-key-0123456789';

let proxy: Proxy;
let context: plywood.Datum;
beforeAll(async () => {
  proxy = await startProxy(fixtures, { auth: { enabled: true, tenants: { analysts: { datasets: ['testing'], apiKeys: [KEY] } } } });
  const requester = druidRequesterFactory({ host: proxy.base.replace('http://', ''), authToken: { type: 'basic-auth', username: 'analyst', password: KEY } });
  const external = External.fromJS({ engine: 'druid', source: 'testing', timeAttribute: '__time' }, requester);
  context = { testing: await external.introspect() };
});
afterAll(async () => proxy?.close());

/** plywood's answer as plain JSON */
const run = async (ex: plywood.Expression): Promise<any> => ((await ex.compute(context)) as plywood.Dataset).toJS();

const APRIL = { start: new Date('2011-04-01T00:00:00Z'), end: new Date('2011-04-03T00:00:00Z') };
const april = within(rows, '2011-04-01', '2011-04-03');
const EVER = { start: new Date('2011-01-01T00:00:00Z'), end: new Date('2011-05-01T00:00:00Z') };
const all = within(rows, '2011-01-01', '2011-05-01');

describe('plywood over plywood-druid-requester', () => {
  it('introspects the data source: attributes with Druid types', () => {
    const attrs = (context.testing as unknown as { attributes: { name: string; type: string }[] }).attributes;
    const byName = Object.fromEntries(attrs.map((a) => [a.name, a.type]));
    expect(byName.__time).toBe('TIME');
    expect(byName.market).toBe('STRING');
    expect(byName.index).toBe('NUMBER');
  });

  it('filter + count + sum, and a split with a top-N sort', async () => {
    const ex = ply()
      .apply('testing', $('testing').filter($('__time').overlap(APRIL)))
      .apply('Count', $('testing').count())
      .apply('Index', $('testing').sum('$index'))
      .apply('Qualities', $('testing').split('$quality', 'Quality').apply('Rows', $('testing').count()).sort('$Rows', 'descending').limit(3));
    const data = await run(ex);
    const top = data.data[0];
    expect(top.Count).toBe(april.length);
    expect(top.Index).toBeCloseTo(april.reduce((a, r) => a + r.index, 0), 6);
    const expected = [...group(april, (r) => r.quality)].map(([q, rs]) => ({ Quality: q, Rows: rs.length })).sort((a, b) => b.Rows - a.Rows);
    expect(top.Qualities.data.map((r: { Rows: number }) => r.Rows)).toEqual(expected.slice(0, 3).map((r) => r.Rows));
  });

  it('time buckets: a daily split', async () => {
    const ex = $('testing').filter($('__time').overlap(APRIL)).split($('__time').timeBucket('P1D'), 'Day').apply('Rows', $('testing').count()).sort('$Day', 'ascending');
    const data = await run(ex);
    expect(data.data.map((r: { Rows: number }) => r.Rows)).toEqual([within(rows, '2011-04-01', '2011-04-02').length, within(rows, '2011-04-02', '2011-04-03').length]);
  });

  it('numberBucket: a split on index buckets of 250 (a bucket extraction), counted per bucket', async () => {
    const ex = $('testing').filter($('__time').overlap(EVER)).split($('index').numberBucket(250), 'B').apply('Rows', $('testing').count()).sort('$B', 'ascending');
    const data = await run(ex);
    const expected = [...group(all, (r) => Math.floor(r.index / 250) * 250)].sort(([a], [b]) => a - b).map(([b, rs]) => ({ start: b, end: b + 250, rows: rs.length }));
    expect(data.data.map((r: any) => ({ start: r.B.start, end: r.B.end, rows: r.Rows }))).toEqual(expected);
  });

  itNeeds('scripts')('timePart: a split on the day of week in a zone (a timeFormat extraction)', async () => {
    const ex = $('testing').filter($('__time').overlap(EVER)).split($('__time').timePart('DAY_OF_WEEK', 'America/Los_Angeles' as never), 'Dow').apply('Rows', $('testing').count()).sort('$Dow', 'ascending');
    const data = await run(ex);
    const dow = (t: number) => {
      const d = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', weekday: 'short' }).format(new Date(t));
      return ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(d) + 1;
    };
    const expected = [...group(all, (r) => dow(r.t))].sort(([a], [b]) => a - b).map(([d, rs]) => ({ Dow: d, Rows: rs.length }));
    expect(data.data).toEqual(expected);
  });

  it('a wrong password is refused', async () => {
    const requester = druidRequesterFactory({ host: proxy.base.replace('http://', ''), authToken: { type: 'basic-auth', username: 'analyst', password: 'wrong-0000000000' } });
    await expect(External.fromJS({ engine: 'druid', source: 'testing', timeAttribute: '__time' }, requester).introspect()).rejects.toThrow();
  });
});
