/**
 * The Explore API reports every independent problem of a request at once (no engine): each parameter,
 * where clause and AND/OR operand, select, group_by and order_by item, refine, exclude and facet on
 * its own, each naming its parameter and, inside ODSQL, the character; a request with one problem
 * answers exactly as before; an item that only names a failed one is not reported again.
 */
import { describe, expect, it } from 'vitest';
import { schemaFromMapping } from '../../../src/ir/schema.js';
import { buildConfig } from '../../../src/catalog/config.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';
import { opendatasoftDialect } from '../../../translators/opendatasoft/dialect.js';
import { renderOdsError } from '../../../translators/opendatasoft/errors.js';
import { runThroughContract, type GoldenSetup } from '../../golden/contract.js';
import { mappings } from './fixtures.js';

const setup: GoldenSetup = {
  config: buildConfig({ datasets: { sales: { index: 'sales' } } }),
  schemas: { sales: schemaFromMapping('sales', mappings.sales.properties) },
};

const RECORDS = '/api/explore/v2.1/catalog/datasets/sales/records';

interface OdsBody {
  readonly message: string;
  readonly error_code: string;
  readonly errors?: readonly { readonly message: string; readonly error_code: string }[];
}

/** The answer the server would send for a request that does not lower: status and ODS body. */
function answer(query: Record<string, string | string[]>, path = RECORDS): { status: number; body: OdsBody } {
  try {
    runThroughContract(opendatasoftDialect, setup, { method: 'get', path, query });
  } catch (e) {
    if (e instanceof ProxyError) return renderOdsError(e.detail) as { status: number; body: OdsBody };
    throw e;
  }
  return { status: 200, body: { message: '', error_code: '' } };
}

/** Each reported problem as `error_code message`. */
const all = (b: OdsBody): string[] => (b.errors ?? [b]).map((e) => `${e.error_code} ${e.message}`);
/** A message without its `Clause(s) containing the error(s)` part (the `at` says the clause). */
const short = (m: string): string => m.replace(/ Clause\(s\).*\(at /, ' (at ');

describe('explore: every problem of a request', () => {
  it('a records request with three independent problems answers 400 with all three, each at its parameter and character', () => {
    const r = answer({ wher: 'x', where: 'sales_count > 2 and nope = 1', group_by: 'store_country, store_coordinates', select: 'store_country, count(*)' });
    expect(r.status).toBe(400);
    expect(all(r.body)).toEqual([
      'InvalidRESTParameterError Unknown parameter: wher (at wher)',
      'ODSQLError ODSQL query is malformed: Unknown field: nope. Clause(s) containing the error(s): where. (at where, character 21)',
      "ODSQLError ODSQL query is malformed: Cannot group by field 'store_coordinates' (geo_point_2d). Clause(s) containing the error(s): group_by. (at group_by, character 16)",
    ]);
    // the first on top, in the single-problem shape
    expect({ message: r.body.message, error_code: r.body.error_code }).toEqual({ message: 'Unknown parameter: wher (at wher)', error_code: 'InvalidRESTParameterError' });
    for (const e of r.body.errors ?? []) expect(Object.keys(e).sort()).toEqual(['error_code', 'message']);
  });

  it('a request with one problem answers exactly as before: {message, error_code}, no errors list', () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ wher: 'x' }, 'InvalidRESTParameterError', 'Unknown parameter: wher (at wher)'],
      [{ limit: '101' }, 'InvalidRESTParameterError', 'Invalid value for limit API parameter: 101 was found but 0 <= limit <= 100 is expected. (at limit)'],
      [{ where: 'sales_count > > 2' }, 'ODSQLError', "ODSQL query is malformed: unexpected '>'. Clause(s) containing the error(s): where. (at where, character 15)"],
      [{ select: 'store_nam' }, 'ODSQLError', 'ODSQL query is malformed: Unknown field: store_nam. Clause(s) containing the error(s): select. (at select, character 1)'],
      [{ select: 'store_name, count(*)', group_by: 'store_country' }, 'ODSQLError', "ODSQL query is malformed: 'store_name' must be in group_by or inside an aggregate function. Clause(s) containing the error(s): select. (at select, character 1)"],
      [{ order_by: 'nope' }, 'ODSQLError', 'ODSQL query is malformed: Unknown field: nope. Clause(s) containing the error(s): order_by. (at order_by, character 1)'],
      [{ refine: 'nope:1' }, 'ODSQLError', 'ODSQL query is malformed: Unknown field: nope. Clause(s) containing the error(s): refine. (at refine, character 1)'],
    ];
    for (const [query, error_code, message] of cases) expect([query, answer(query)]).toEqual([query, { status: 400, body: { message, error_code } }]);
  });

  it('collects the parameters among themselves', () => {
    expect(all(answer({ limit: 'ten', offset: '-1', timezone: 'Mars/Olympus', a: '1', b: '2' }).body)).toEqual([
      'InvalidRESTParameterError Unknown parameter: a (at a)',
      'InvalidRESTParameterError Unknown parameter: b (at b)',
      'InvalidRESTParameterError Invalid value for limit API parameter: ten is not an integer. (at limit)',
      'InvalidRESTParameterError Invalid value for offset API parameter: -1 was found but offset >= 0 is expected. (at offset)',
      'InvalidRESTParameterError Invalid value for timezone API parameter: Mars/Olympus is not a time zone (an IANA name such as Europe/Paris is expected). (at timezone)',
    ]);
  });

  it('collects each where, each operand of AND/OR, each refine and exclude; a syntax error stops its clause only', () => {
    const r = answer({ where: ["nope = 1 or sales_count = 'a'", 'a = = 1'], refine: 'other:x', exclude: 'sales_count:abc', order_by: 'missing' });
    expect(all(r.body).map((m) => m.replace(/^ODSQLError ODSQL query is malformed: /, ''))).toEqual([
      'Unknown field: nope. Clause(s) containing the error(s): where. (at where, character 1)',
      "string 'a' cannot be compared with field 'sales_count' (int). Clause(s) containing the error(s): where. (at where, character 27)",
      "unexpected '='. Clause(s) containing the error(s): where. (at where, character 5)",
      'Unknown field: other. Clause(s) containing the error(s): refine. (at refine, character 1)',
      "'abc' is not a number (field 'sales_count' is int). Clause(s) containing the error(s): exclude. (at exclude, character 13)",
      'Unknown field: missing. Clause(s) containing the error(s): order_by. (at order_by, character 1)',
    ]);
  });

  it('collects each select, group_by and order_by item of a groups request', () => {
    const r = answer({ select: 'sum(store_name), count(*) as n, avg(nope)', group_by: 'range(sales_count, *, 10, 5, *), store_country', order_by: 'n desc, max(store_name)' });
    expect(all(r.body).map(short)).toEqual([
      'ODSQLError ODSQL query is malformed: range(): the bounds must be in ascending order. (at group_by, character 27)',
      "ODSQLError ODSQL query is malformed: sum() expects a numeric field, 'store_name' is text. (at select, character 5)",
      'ODSQLError ODSQL query is malformed: Unknown field: nope. (at select, character 37)',
      "ODSQLError ODSQL query is malformed: max() expects a numeric field, 'store_name' is text. (at order_by, character 13)",
    ]);
  });

  it('does not report again what only names a failed item', () => {
    const one = (query: Record<string, string>, path?: string) => {
      const r = answer(query, path);
      return [r.status, r.body.errors === undefined, short(r.body.message)];
    };
    // a select and an order_by of a group that failed
    expect(one({ group_by: 'nope', select: 'nope, count(*)', order_by: 'nope' })).toEqual([400, true, 'ODSQL query is malformed: Unknown field: nope. (at group_by, character 1)']);
    // an order_by of a select alias whose aggregate failed
    expect(one({ select: 'sum(nope) as total', group_by: 'store_country', order_by: 'total desc' })).toEqual([400, true, 'ODSQL query is malformed: Unknown field: nope. (at select, character 5)']);
    // an order_by of a records select alias that failed
    expect(one({ select: 'nope as n', order_by: 'n' })).toEqual([400, true, 'ODSQL query is malformed: Unknown field: nope. (at select, character 1)']);
    // a select that cannot be read: its names are unknown, so order_by is not checked against them
    expect(one({ select: 'count(', order_by: 'total' })).toEqual([400, true, 'ODSQL query is malformed: unexpected end of clause. (at select, character 7)']);
    // a field inside a failed group_by function: selecting or ordering by it says nothing more
    const [status, alone] = one({ select: 'store_country, count(*)', group_by: 'nope(store_country)', order_by: 'store_country' });
    expect([status, alone]).toEqual([400, true]);
    // v2.0 aggregates group by the select: one unknown field is one problem
    expect(one({ select: 'nope' }, '/api/v2/catalog/datasets/sales/aggregates')).toEqual([400, true, 'ODSQL query is malformed: Unknown field: nope. (at group_by, character 1)']);
  });

  it('collects on facets and the v2.0 forms, which share the planning', () => {
    expect(all(answer({ facet: 'nope', refine: 'other:1', x: '1' }, '/api/explore/v2.1/catalog/datasets/sales/facets').body).map(short)).toEqual([
      'InvalidRESTParameterError Unknown parameter: x (at x)',
      'ODSQLError ODSQL query is malformed: Unknown field: other. (at refine, character 1)',
      'ODSQLError ODSQL query is malformed: Unknown field: nope. (at refine, character 1)',
    ]);
    expect(all(answer({ group_by: 'x', where: 'y = 1' }, '/api/v2/catalog/datasets/sales/records').body).map(short)).toEqual([
      'InvalidRESTParameterError Unknown parameter: group_by (at group_by)',
      'ODSQLError ODSQL query is malformed: Unknown field: y. (at where, character 1)',
    ]);
  });
});
