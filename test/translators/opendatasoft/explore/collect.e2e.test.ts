/**
 * Every problem of an Explore request at once, over HTTP: the records route (through the generic
 * mount) and the exports route (its own handler, same planning), each problem in Opendatasoft's
 * `{message, error_code}` under `errors`, the first also on top; a bad dataset still answers 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../../helpers/harness.js';
import { fixtures } from '../fixtures.js';
import { get } from './http.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
}, 120_000);
afterAll(() => proxy?.close());

const V21 = '/api/explore/v2.1/catalog/datasets';
const codes = (body: { errors?: { error_code: string; message: string }[] }) => (body.errors ?? []).map((e) => [e.error_code, e.message.replace(/ Clause\(s\).*\(at /, ' (at ')]);

describe('explore: every problem at once, over HTTP', () => {
  it('records: an unknown parameter, an unknown field in where and a bad group_by are three errors', async () => {
    const r = await get(proxy, `${V21}/sales/records`, { wher: 'x', where: 'sales_count > 2 and nope = 1', group_by: 'store_coordinates' });
    expect(r.status).toBe(400);
    expect([r.body.error_code, r.body.message]).toEqual(['InvalidRESTParameterError', 'Unknown parameter: wher (at wher)']);
    expect(codes(r.body)).toEqual([
      ['InvalidRESTParameterError', 'Unknown parameter: wher (at wher)'],
      ['ODSQLError', 'ODSQL query is malformed: Unknown field: nope. (at where, character 21)'],
      ['ODSQLError', "ODSQL query is malformed: Cannot group by field 'store_coordinates' (geo_point_2d). (at group_by, character 1)"],
    ]);
  });

  it('exports: csv options, parameters and clauses together, before anything is written', async () => {
    const res = await fetch(`${proxy.base}${V21}/sales/exports/csv?${new URLSearchParams({ delimiter: 'ab', limit: 'x', where: 'nope = 1' })}`);
    const body = (await res.json()) as { errors?: { error_code: string; message: string }[] };
    expect(res.status).toBe(400);
    expect(codes(body)).toEqual([
      ['InvalidRESTParameterError', 'Invalid value for limit API parameter: x is not an integer. (at limit)'],
      ['InvalidRESTParameterError', 'Invalid value for delimiter API parameter: one character other than a quote or a line break (at delimiter)'],
      ['ODSQLError', 'ODSQL query is malformed: Unknown field: nope. (at where, character 1)'],
    ]);
  });

  it('a dataset that is not exposed is a 404 whatever its parameters', async () => {
    const r = await get(proxy, `${V21}/secret/records`, { wher: 'x' });
    expect([r.status, r.body]).toEqual([404, { message: 'Unknown dataset: secret', error_code: 'NoSuchDataset' }]);
  });
});
