/** Bad requests get ODS's `{"message", "error_code"}` with the path and, in expressions, the character. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures } from './fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
}, 120_000);
afterAll(() => proxy?.close());

const agg = (aggregates: Record<string, unknown>, group_by?: unknown[]) => ({ aggregations: { a: { ...(group_by ? { group_by } : {}), aggregates } } });
const grp = (expr: string) => agg({ n: 'COUNT()' }, [{ name: 'g', expr }]);

const CASES: [string, unknown, string, string][] = [
  ['a body that is not an object', [], 'InvalidRequestBody', 'the body must be a JSON object'],
  ['no aggregations', {}, 'InvalidRequestBody', "'aggregations' must be a non-empty object (at aggregations)"],
  ['an unknown parameter', { aggregations: {}, where: 'x' }, 'InvalidRequestBody', "Unknown parameter 'where' (at where)"],
  ['empty aggregates', { aggregations: { a: { aggregates: {} } } }, 'InvalidRequestBody', "'aggregates' must be a non-empty object"],
  ['an aggregate that is not a string', agg({ n: 5 }), 'InvalidRequestBody', 'An aggregate is an expression string'],
  ['an unclosed call', agg({ n: 'SUM(sales_count' }), 'ODSQLError', "expected ')' but found end of expression (at aggregations.a.aggregates.n, character 16)"],
  ['an unknown function', agg({ n: 'SUMM(sales_count)' }), 'ODSQLError', 'Unknown function: SUMM (at aggregations.a.aggregates.n, character 1)'],
  ['an unknown field', agg({ n: 'SUM(foo)' }), 'ODSQLError', 'Unknown field: foo (at aggregations.a.aggregates.n, character 5)'],
  ['a text field in SUM', agg({ n: 'AVG(sales_count) + SUM(store_name)' }), 'ODSQLError', "SUM() expects a numeric field, 'store_name' is text (at aggregations.a.aggregates.n, character 24)"],
  ['a bare field as an aggregate', agg({ n: 'sales_count' }), 'ODSQLError', "field 'sales_count' must be inside an aggregate function such as SUM(sales_count) (at aggregations.a.aggregates.n, character 1)"],
  ['INCREMENTAL inside arithmetic', agg({ n: '1 + INCREMENTAL(SUM(sales_count))' }), 'ODSQLError', 'INCREMENTAL() must enclose the whole aggregate (at aggregations.a.aggregates.n, character 5)'],
  ['arithmetic on PERCENTILES', agg({ n: 'COUNT() + PERCENTILES(sales_count)' }), 'ODSQLError', 'PERCENTILES() returns a map and cannot be used in arithmetic (at aggregations.a.aggregates.n, character 11)'],
  ['a percent above 100', agg({ n: 'PERCENTILES(sales_count, [50, 101])' }), 'ODSQLError', 'a percent is a number between 0 and 100 (at aggregations.a.aggregates.n, character 31)'],
  ['an argument to COUNT()', agg({ n: 'COUNT(sales_count)' }), 'ODSQLError', 'COUNT() takes no argument (at aggregations.a.aggregates.n, character 7)'],
  ['a stray character', agg({ n: 'SUM(sales_count) % 2' }), 'ODSQLError', "unexpected character '%' (at aggregations.a.aggregates.n, character 18)"],
  ['a date expression without a name', agg({ n: 'COUNT()' }, ["date(sales_date, 'yyyy')"]), 'InvalidGroupBy', 'A group_by name is required for date or range expressions (at aggregations.a.group_by.0)'],
  ['an invalid group_by name', agg({ n: 'COUNT()' }, [{ name: 'Year', expr: "date(sales_date, 'yyyy')" }]), 'InvalidGroupBy', "Invalid group_by name 'Year': only lower case letters, digits and '_' are allowed (at aggregations.a.group_by.0.name)"],
  ['date() on a number', grp("date(sales_count, 'yyyy')"), 'ODSQLError', "date() expects a date field, 'sales_count' is not a date (at aggregations.a.group_by.0.expr, character 6)"],
  ['an illegal Joda letter', grp("date(sales_date, 'yyyy-qq')"), 'ODSQLError', 'illegal pattern component: q (at aggregations.a.group_by.0.expr, character 24)'],
  ['static() not ascending', grp('range(sales_count, static([10, 0]))'), 'ODSQLError', 'Invalid range definition: the divisions must be in ascending order (at aggregations.a.group_by.0.expr, character 32)'],
  ['equi(0)', grp('range(sales_count, equi(0))'), 'ODSQLError', 'Invalid range definition: the number of ranges must be a whole number of at least 1 (at aggregations.a.group_by.0.expr, character 25)'],
  ['equi() boundaries the wrong way round', grp('range(sales_count, equi(2, 10, 0))'), 'ODSQLError', 'Invalid range definition: lowest_boundary must be below highest_boundary'],
  ['range() over text', grp('range(store_name, equi(2))'), 'ODSQLError', "range() expects a numeric field, 'store_name' is text (at aggregations.a.group_by.0.expr, character 7)"],
  ['an unknown range function', grp('range(sales_count, buckets(3))'), 'ODSQLError', 'Unknown range function: buckets (at aggregations.a.group_by.0.expr, character 20)'],
  ['a geo field as a group', agg({ n: 'COUNT()' }, ['store_coordinates']), 'ODSQLError', "Cannot group by field 'store_coordinates' (geo_point)"],
  ['an unknown group_by field', agg({ n: 'COUNT()' }, ['store_city']), 'ODSQLError', 'Unknown field: store_city (at aggregations.a.group_by.0, character 1)'],
  ['a duplicate column', agg({ store_name: 'COUNT()' }, ['store_name']), 'InvalidRequestBody', "Duplicate column name 'store_name' (at aggregations.a.aggregates.store_name)"],
  ['virtual fields that refer to each other', { virtual_fields: { a: 'b + 1', b: 'a * 2' }, ...agg({ n: 'SUM(a)' }) }, 'ODSQLError', "virtual field 'a' refers to itself (at virtual_fields.b, character 1)"],
  ['a function in a virtual field', { virtual_fields: { v: 'SUM(sales_count)' }, ...agg({ n: 'SUM(v)' }) }, 'ODSQLError', 'functions are not allowed in a virtual field: SUM() (at virtual_fields.v, character 1)'],
  ['a virtual field over text', { virtual_fields: { v: 'sales_count * store_name' }, ...agg({ n: 'SUM(v)' }) }, 'ODSQLError', "A virtual field expects a numeric field, 'store_name' is text (at virtual_fields.v, character 15)"],
  ['a virtual field named like a field', { virtual_fields: { sales_count: '1' }, ...agg({ n: 'COUNT()' }) }, 'InvalidRequestBody', "Virtual field 'sales_count' has the name of a dataset field"],
];

describe('error table', () => {
  for (const [what, body, code, message] of CASES) {
    it(what, async () => {
      const r = await proxy.post('/api/v2/datasets/sales/aggregate', body);
      expect(r.status).toBe(400);
      expect(Object.keys(r.body).sort()).toEqual(['error_code', 'message']);
      expect(r.body.error_code).toBe(code);
      expect(r.body.message).toContain(message);
    });
  }

  it('rejects a body that is not JSON', async () => {
    const r = await proxy.post('/api/v2/datasets/sales/aggregate', '{"aggregations": ');
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe('InvalidRequestBody');
  });

  it('answers 404 NoSuchDataset for a dataset that is not exposed', async () => {
    const r = await proxy.post('/api/v2/datasets/secret/aggregate', agg({ n: 'COUNT()' }));
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ message: 'Unknown dataset: secret', error_code: 'NoSuchDataset' });
  });
});
