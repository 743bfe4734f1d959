/** Hostile Opendatasoft aggregate requests (POST /api/v2/datasets/{dataset}/aggregate): see README "Opendatasoft". */
import { fixtures, sales } from '../translators/opendatasoft/fixtures.js';
import { bodyCases, Cases, nestText, wrongTypes, type Case } from './cases.js';
import type { Rng } from './prng.js';
import type { Request } from './proxy-process.js';

export { fixtures as opendatasoftFixtures };
export const PATH = '/api/v2/datasets/sales/aggregate';
const post = (body: unknown, path = PATH): Request => ({ method: 'POST', path, body });

export const simple = { aggregations: { a: { group_by: ['store_country'], aggregates: { n: 'COUNT()' } } } };
const base = {
  virtual_fields: { price: 'sales_amount / sales_count' },
  aggregations: {
    by_country: { group_by: ['store_country', { name: 'year', expr: "date(sales_date, 'yyyy')" }], aggregates: { n: 'COUNT()', total: 'SUM(sales_amount)', avg_price: 'AVG(price)', p: 'PERCENTILES(sales_count, [50, 90])' } },
    by_range: { group_by: [{ name: 'r', expr: 'range(sales_count, equi(5, 0, 10))' }], aggregates: { n: 'INCREMENTAL(COUNT())' } },
  },
};

type Row = Record<string, unknown>;
/** Whole when group `a`'s rows count, per country, the sales rows `keep` selects (no row for a missing country). */
const countries = (keep: (s: (typeof sales)[number]) => boolean, n = 'n') => (body: unknown): string | undefined => {
  const rows = (body as { aggregations?: Record<string, Row[]> })?.aggregations?.a;
  if (!Array.isArray(rows)) return 'no rows for aggregation a';
  const want = new Map<string, number>();
  for (const s of sales) if (keep(s) && s.store_country !== undefined) want.set(s.store_country, (want.get(s.store_country) ?? 0) + 1);
  if (rows.length !== want.size) return `${rows.length} rows, expected ${want.size}`;
  for (const row of rows) if (want.get(String(row.store_country)) !== row[n]) return `${row.store_country}: ${row[n]}, expected ${want.get(String(row.store_country))}`;
  return undefined;
};
export const simpleOk = countries(() => true);
const grp = (expr: string, aggregates: Record<string, string> = { n: 'COUNT()' }) => ({ aggregations: { a: { group_by: [{ name: 'g', expr }], aggregates } } });
const agg = (aggregates: Record<string, string>, extra: object = {}) => ({ ...extra, aggregations: { a: { aggregates } } });
/** Whole when group `a` has rows whose counts add up to `total` (for groupings that keep every row once). */
const totalled = (total: number, n = 'n') => (body: unknown): string | undefined => {
  const rows = (body as { aggregations?: Record<string, Row[]> })?.aggregations?.a;
  if (!Array.isArray(rows)) return 'no rows for aggregation a';
  const got = rows.reduce((s, x) => s + Number(x[n] ?? 0), 0);
  return got === total ? undefined : `rows count ${got} sales, expected ${total}`;
};

export function opendatasoftCases(r: Rng): Case[] {
  const c = new Cases('opendatasoft');
  wrongTypes(c, r, 'aggregate', post, base, { perKey: 2 });
  wrongTypes(c, r, 'catalog', (b) => post(b, '/api/v2/catalog/datasets/sales/aggregate'), simple);

  // deep: JSON nesting (the HTTP depth scan) and expression nesting (the parser's depth bound)
  for (const d of [600, 5000]) {
    c.add('deep', { name: `json-group-by-${d}`, request: post(`{"aggregations":{"a":{"group_by":${nestText(d, '[', '"store_country"', ']')},"aggregates":{"n":"COUNT()"}}}}`) });
    c.add('deep', { name: `json-aggregations-${d}`, request: post(`{"aggregations":${nestText(d, '{"a":', '"COUNT()"', '}')}}`) });
    c.add('deep', { name: `json-virtual-fields-${d}`, request: post(`{"virtual_fields":${nestText(d, '{"v":', '"1"', '}')},"aggregations":{"a":{"aggregates":{"n":"COUNT()"}}}}`) });
    c.add('deep', { name: `parentheses-${d}`, request: post(agg({ n: nestText(d, '(', 'COUNT()', ')') })) });
    c.add('deep', { name: `unary-minus-${d}`, request: post(agg({ n: `${'-'.repeat(d)}COUNT()` })) });
    c.add('deep', { name: `virtual-parentheses-${d}`, request: post(agg({ n: 'SUM(v)' }, { virtual_fields: { v: nestText(d, '(', 'sales_count', ')') } })) });
    c.add('deep', { name: `percentiles-list-${d}`, request: post(agg({ n: `PERCENTILES(sales_count, ${nestText(d, '[', '50', ']')})` })) });
    c.add('deep', { name: `range-static-${d}`, request: post(grp(`range(sales_count, static(${nestText(d, '[', '1', ']')}))`)) });
  }
  const chain: Record<string, string> = { v0: 'sales_count' };
  for (let i = 1; i <= 200; i++) chain[`v${i}`] = `v${i - 1} + 1`;
  c.add('deep', { name: 'virtual-chain-200', request: post(agg({ n: 'SUM(v200)' }, { virtual_fields: chain })) });
  c.add('deep', { name: 'flat-sum-5000', request: post(agg({ n: Array(5000).fill('COUNT()').join('+') })) });

  // long strings: in a pattern or a literal they are refused; as a name (an output label) answered whole
  const long = (name: string, body: object, whole?: (b: unknown) => string | undefined) => c.add('long-string', { name, request: post(body), ...(whole ? { whole } : {}) });
  const label = (key: (b: unknown) => Row[] | undefined, col: string, want: number) => (b: unknown): string | undefined => {
    const rows = key(b);
    return Array.isArray(rows) && rows.reduce((s, x) => s + Number(x[col] ?? 0), 0) === want ? undefined : `column ${col.slice(0, 20)}… does not count ${want}`;
  };
  const rowsA = (b: unknown) => (b as { aggregations?: Record<string, Row[]> })?.aggregations?.a;
  const aggName = r.string(100_000, 'abc');
  const aggKey = r.string(100_000);
  long('date-format-5000', grp(`date(sales_date, '${'y'.repeat(5000)}')`));
  long('date-format-900k', grp(`date(sales_date, '${'yMd'.repeat(300_000)}')`));
  long('date-format-quote-900k', grp(`date(sales_date, '${"''".repeat(450_000)}')`));
  long('field-name-900k', grp(r.string(900_000, 'abc_')));
  long('aggregate-name-100k', { aggregations: { a: { aggregates: { [aggName]: 'COUNT()' } } } }, label(rowsA, aggName, sales.length));
  long('group-name-100k', { aggregations: { a: { group_by: [{ name: r.string(100_000, 'abc'), expr: "date(sales_date, 'yyyy')" }], aggregates: { n: 'COUNT()' } } } }, totalled(sales.length));
  long('aggregation-key-100k', { aggregations: { [aggKey]: { aggregates: { n: 'COUNT()' } } } }, label((b) => (b as { aggregations?: Record<string, Row[]> })?.aggregations?.[aggKey], 'n', sales.length));
  long('string-literal-900k', agg({ n: `COUNT() + '${r.string(900_000)}'` }));
  long('number-literal-900k', agg({ n: `COUNT() + ${'9'.repeat(900_000)}` }));
  long('virtual-name-100k', agg({ n: 'COUNT()' }, { virtual_fields: { [r.string(100_000, 'abc')]: '1' } }), totalled(sales.length));

  // Joda patterns with every letter and quote form: refused by name, or answered whole (each sale in one group);
  // a Joda pattern is formatted, never matched, so regex syntax in it is literal text
  for (const [name, pattern] of [['quote-unbalanced', "yyyy'"], ['all-letters', 'GyYxwedEaKhHkmsSzZ'], ['literal-text', "'year' yyyy"], ['repeat-1000', 'y'.repeat(1000)], ['escape', "\\'yyyy"], ['regex-like', '(y+)+$'], ['empty', '']] as const)
    c.add('regex', { name: `date-format-${name}`, request: post(grp(`date(sales_date, '${pattern}')`)), whole: totalled(sales.length) });
  c.add('regex', { name: 'date-format-yyyy-MM', request: post(grp("date(sales_date, 'yyyy-MM')")), whole: totalled(sales.length) });

  // big lists
  c.add('big-list', { name: 'aggregations-10k', request: post({ aggregations: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`a${i}`, { aggregates: { n: 'COUNT()' } }])) }) });
  c.add('big-list', { name: 'aggregates-10k', request: post(agg(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`m${i}`, 'SUM(sales_count)'])))) });
  c.add('big-list', { name: 'group-by-1000', request: post({ aggregations: { a: { group_by: Array.from({ length: 1000 }, () => 'store_country'), aggregates: { n: 'COUNT()' } } } }) });
  c.add('big-list', { name: 'virtual-fields-10k', request: post(agg({ n: 'COUNT()' }, { virtual_fields: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`v${i}`, 'sales_count * 2'])) })), whole: totalled(sales.length) });
  c.add('big-list', { name: 'percentiles-10k', request: post(agg({ p: `PERCENTILES(sales_count, [${Array.from({ length: 10_000 }, (_, i) => i / 100).join(',')}])` })) });
  c.add('big-list', { name: 'static-100k', request: post(grp(`range(sales_count, static([${Array.from({ length: 100_000 }, (_, i) => i).join(',')}]))`)) });

  // bucket explosions: equi() over huge counts, percentile ranges, many date groups
  // n ranges from the lowest to the highest amount (the last one closed), plus one beyond each explicit boundary
  // the data reaches: every sale with an amount counted once
  const amounts = sales.filter((s) => s.sales_amount !== undefined).length;
  const equiWhole = (n: number, want: readonly number[]) => (body: unknown): string | undefined => {
    const rows = (body as { aggregations?: Record<string, Row[]> })?.aggregations?.a;
    if (!Array.isArray(rows) || rows.length !== n) return `${Array.isArray(rows) ? rows.length : 'no'} ranges, expected ${n}`;
    const got = rows.reduce((s, x) => s + Number(x.n ?? 0), 0);
    return want.includes(got) ? undefined : `the ranges count ${got} sales, expected ${want.join(' or ')}`;
  };
  for (const n of ['1e308', '1000000000', '1000000', '100000', '1000', '1e999', '-1', '0.5', '9007199254740993'])
    c.add('bucket-explosion', { name: `equi-${n}`, request: post(grp(`range(sales_amount, equi(${n}))`)), timeoutMs: 15_000, ...(n === '1000' ? { whole: equiWhole(1000, [amounts]) } : {}) });
  c.add('bucket-explosion', { name: 'equi-10', request: post(grp('range(sales_count, equi(10))')), whole: totalled(sales.length) });
  c.add('bucket-explosion', { name: 'equi-tiny-width', request: post(grp('range(sales_amount, equi(100, 0, 1e-300))')), whole: equiWhole(101, [amounts]) });
  c.add('bucket-explosion', { name: 'equi-huge-bounds', request: post(grp('range(sales_amount, equi(3, -1e308, 1e308))')), whole: totalled(sales.filter((s) => s.sales_amount !== undefined).length) });
  c.add('bucket-explosion', { name: 'percentile-1000', request: post(grp('range(sales_amount, percentile(1000))')) });
  c.add('bucket-explosion', { name: 'date-second-groups', request: post(grp("date(sales_date, 'yyyy-MM-dd HH:mm:ss.SSS')")), whole: totalled(sales.length) });
  c.add('bucket-explosion', { name: 'cross-product-groups', request: post({ aggregations: { a: { group_by: ['store_name', 'store_address', 'sales_count', 'sales_amount', { name: 'd', expr: "date(sales_date, 'yyyyMMddHHmmss')" }], aggregates: { n: 'COUNT()' } } } }), whole: totalled(sales.filter((s) => s.sales_amount !== undefined).length), timeoutMs: 30_000 });
  const doubling: Record<string, string> = { v0: 'sales_count + sales_count' };
  for (let i = 1; i <= 30; i++) doubling[`v${i}`] = `v${i - 1} * v${i - 1}`;
  c.add('expression-blowup', { name: 'virtual-doubling-30', request: post(agg({ n: 'SUM(v30)' }, { virtual_fields: doubling })) });
  c.add('expression-blowup', { name: 'virtual-doubling-group', request: post({ virtual_fields: doubling, aggregations: { a: { group_by: [{ name: 'g', expr: 'range(v30, equi(3))' }], aggregates: { n: 'COUNT()' } } } }) });
  c.add('expression-blowup', { name: 'aggregate-repeat-1000', request: post(agg({ n: Array(1000).fill('SUM(sales_count)').join(' * ') })) });

  // index escapes: only exposed datasets, on both path layouts
  for (const ds of ['_all', '*', '.kibana', 'sales,values', '..%2Fx', '%2e%2e', 'sal*', 'sales%00', '-sales', 'sales%2F..%2F_all', 'SALES', 't-sales-*', '.opendistro_security', '.tasks', 't-hostile-*'])
    for (const layout of ['/api/v2/datasets', '/api/v2/catalog/datasets'])
      c.add('index-escape', { name: `${layout.includes('catalog') ? 'catalog' : 'datasets'}-${ds}`, request: post(simple, `${layout}/${ds}/aggregate`) });
  c.add('index-escape', { name: 'field-of-other-dataset', request: post(agg({ n: 'SUM(myfield)' })) });
  c.add('index-escape', { name: 'field-dotted-index', request: post(agg({ n: 'SUM(values.myfield)' })) });

  // injection: Painless in names and expressions, script keys, ODSQL pieces
  const evil = ["doc['sales_count'].value", "sales_count'; System.exit(0); '", 'params._source', '_source', '_id', '*', 'sales_count.__proto__', 'constructor'];
  evil.forEach((e, i) => {
    c.add('injection', { name: `aggregate-field-${i}`, request: post(agg({ n: `SUM(${e})` })) });
    c.add('injection', { name: `group-field-${i}`, request: post({ aggregations: { a: { group_by: [e], aggregates: { n: 'COUNT()' } } } }) });
    c.add('injection', { name: `virtual-expr-${i}`, request: post(agg({ n: 'SUM(v)' }, { virtual_fields: { v: e } })) });
    // names are labels: refused as invalid, or answered whole with the count under that label
    c.add('injection', { name: `virtual-name-${i}`, request: post(agg({ n: 'COUNT()' }, { virtual_fields: { [e]: '1' } })), whole: totalled(sales.length) });
    c.add('injection', { name: `aggregate-name-${i}`, request: post(agg({ [e]: 'COUNT()' })), whole: label(rowsA, e, sales.length) });
  });
  c.add('injection', { name: 'string-literal-quote', request: post(agg({ n: "COUNT() + '\\'; System.exit(0); //'" })) });
  // Joda quoting: the quoted part is literal output text, so every sale lands in one group
  c.add('injection', { name: 'date-format-painless', request: post(grp("date(sales_date, \"'); System.exit(0); ('\")")), whole: totalled(sales.length) });
  c.add('injection', { name: 'script-key', request: post({ ...simple, script: { source: 'System.exit(0)' } }) });
  c.add('injection', { name: 'where-key', request: post({ ...simple, where: "store_country='x' OR 1=1" }) });
  c.add('injection', { name: 'odsql-select', request: post(agg({ n: 'COUNT() FROM other' })) });
  c.add('injection', { name: 'function-in-virtual', request: post(agg({ n: 'SUM(v)' }, { virtual_fields: { v: 'SUM(sales_count)' } })) });
  c.add('injection', { name: 'nested-incremental', request: post(agg({ n: 'INCREMENTAL(INCREMENTAL(COUNT()))' })) });
  c.add('injection', { name: 'division-by-zero', request: post({ aggregations: { a: { group_by: ['store_country'], aggregates: { n: 'COUNT()', z: 'COUNT() / 0' } } } }), whole: countries(() => true) });

  bodyCases(c, PATH, simple, simpleOk);
  return c.all;
}
