/** Hostile Druid native queries (POST /druid/v2, data source `testing`): see README "Apache Druid". */
import { rows } from '../translators/druid/fixtures.js';
import { bodyCases, Cases, nestText, wrongTypes, type Case } from './cases.js';
import type { Rng } from './prng.js';
import type { Request } from './proxy-process.js';

const PATH = '/druid/v2';
/** reaches the engine: ten case-insensitive 1,000-character wildcards cost the engine 1.3–6 s (seen on OpenSearch 2.19.5) */
export const SLOW_FRAGMENTS = 'ten case-insensitive 1,000-character fragments reach the engine: 1.3–6 s of engine CPU per request (OpenSearch 2.19.5)';
export const MANY_KEYS = 'a composite of 10,000 sources: engine StackOverflowError in GlobalOrdinalValuesSource.collect, the node dies (seen on OpenSearch 2.19.5)';
const post = (body: unknown): Request => ({ method: 'POST', path: PATH, body });
const IV = '2011-04-01/2011-04-03';
const ivRows = (from: string, to: string) => rows.filter((r) => r.t >= Date.parse(from) && r.t < Date.parse(to));

const count = { type: 'count', name: 'rows' };
const idx = { type: 'doubleSum', name: 'idx', fieldName: 'index' };
export const groupBy = {
  queryType: 'groupBy',
  dataSource: 'testing',
  granularity: 'all',
  intervals: [IV],
  dimensions: ['quality'],
  aggregations: [count, idx],
  postAggregations: [{ type: 'arithmetic', name: 'avg', fn: '/', fields: [{ type: 'fieldAccess', fieldName: 'idx' }, { type: 'fieldAccess', fieldName: 'rows' }] }],
  having: { type: 'greaterThan', aggregation: 'rows', value: 0 },
  limitSpec: { type: 'default', limit: 100, columns: ['quality'] },
};
const timeseries = { queryType: 'timeseries', dataSource: 'testing', granularity: 'day', intervals: [IV], aggregations: [count, idx], descending: false };
const topN = { queryType: 'topN', dataSource: 'testing', granularity: 'all', intervals: [IV], dimension: 'quality', metric: 'idx', threshold: 3, aggregations: [idx] };
const scan = { queryType: 'scan', dataSource: 'testing', intervals: [IV], columns: ['quality', 'index'], limit: 5, resultFormat: 'list' };

type Row = { event?: Record<string, unknown>; result?: Record<string, unknown> };

/** Whole when a granularity-all groupBy by quality counts exactly the fixture rows `keep` selects. */
const countsBy = (keep: (r: (typeof rows)[number]) => boolean, from = '2011-04-01', to = '2011-04-03') => (body: unknown): string | undefined => {
  if (!Array.isArray(body)) return 'not a row list';
  const want = new Map<string, number>();
  for (const r of ivRows(from, to)) if (keep(r)) want.set(r.quality, (want.get(r.quality) ?? 0) + 1);
  const got = new Map((body as Row[]).map((r) => [String(r.event?.quality), Number(r.event?.rows)]));
  if (got.size !== want.size) return `${got.size} groups, expected ${want.size}`;
  for (const [q, n] of want) if (got.get(q) !== n) return `quality ${q}: ${got.get(q)} rows, expected ${n}`;
  return undefined;
};

const countOnly = (extra: object) => ({ ...groupBy, postAggregations: [], having: undefined, limitSpec: undefined, aggregations: [count], ...extra });
const selector = (value: string, dimension = 'quality') => ({ type: 'selector', dimension, value });

export function druidCases(r: Rng): Case[] {
  const c = new Cases('druid');
  const skipContext = (p: string) => p.startsWith('/context');
  wrongTypes(c, r, 'groupBy', post, groupBy, { skip: skipContext });
  wrongTypes(c, r, 'timeseries', post, timeseries, { skip: skipContext });
  wrongTypes(c, r, 'topN', post, topN);
  wrongTypes(c, r, 'scan', post, scan);

  // deep: every recursive construct, 600 (reaches the engine on main) and 5,000 (overflows the proxy)
  const leafF = JSON.stringify(selector('automotive'));
  const leafH = JSON.stringify({ type: 'greaterThan', aggregation: 'rows', value: 0 });
  const gb = (key: string, text: string) => JSON.stringify({ ...groupBy, [key]: '@@' }).replace('"@@"', text);
  const deep: [string, string, (d: number) => string, boolean][] = [
    ['filter-not', 'filter', (d) => nestText(d, '{"type":"not","field":', leafF, '}'), true],
    ['filter-and', 'filter', (d) => nestText(d, '{"type":"and","fields":[', leafF, ']}'), true],
    ['filter-or', 'filter', (d) => nestText(d, '{"type":"or","fields":[', leafF, ']}'), true],
    ['having-not', 'having', (d) => nestText(d, '{"type":"not","havingSpec":', leafH, '}'), false],
    ['having-and', 'having', (d) => nestText(d, '{"type":"and","havingSpecs":[', leafH, ']}'), false],
    ['having-or', 'having', (d) => nestText(d, '{"type":"or","havingSpecs":[', leafH, ']}'), false],
    ['having-filter-not', 'having', (d) => `{"type":"filter","filter":${nestText(d, '{"type":"not","field":', leafF, '}')}}`, false],
    ['postagg-arithmetic', 'postAggregations', (d) => `[${nestText(d, '{"type":"arithmetic","name":"p","fn":"+","fields":[{"type":"constant","name":"c","value":1},', '{"type":"fieldAccess","fieldName":"rows"}', ']}')}]`, true],
    ['aggregator-filtered', 'aggregations', (d) => `[${nestText(d, '{"type":"filtered","filter":{"type":"true"},"aggregator":', '{"type":"count","name":"rows"}', '}')}]`, true],
  ];
  for (const [name, key, build, engine] of deep)
    for (const d of [600, 5000])
      c.add('deep', { name: `${name}-${d}`, request: post(gb(key, build(d))), ...(engine && d === 600 ? { beforeEngine: 'nesting 600 deep at the engine: StackOverflowError (issue 23 point 1)' } : {}) });
  c.add('deep', { name: 'interval-list-literal-5000', request: post(gb('intervals', nestText(5000, '[', `"${IV}"`, ']'))) });

  // long strings in every pattern, term and prefix
  const k10 = r.string(10_000);
  const m1 = r.string(1_000_000);
  const big = 'pattern of 100 KB or more: automaton/heap on the engine (issue 23 point 1)';
  const f = (name: string, filter: object, beforeEngine?: string) => c.add('long-string', { name, request: post(countOnly({ filter })), ...(beforeEngine ? { beforeEngine } : {}) });
  f('like-percent-10000', { type: 'like', dimension: 'quality', pattern: `${'%'.repeat(10_000)}x` }, 'like of %×10,000: engine OutOfMemoryError in 3.4 s (issue 23 point 1)');
  f('like-10k', { type: 'like', dimension: 'quality', pattern: `%${k10}%` });
  f('like-1m', { type: 'like', dimension: 'quality', pattern: `${m1}%` }, big);
  f('regex-50k', { type: 'regex', dimension: 'quality', pattern: r.string(50_000, 'ab') });
  f('regex-1m', { type: 'regex', dimension: 'quality', pattern: m1 }, big);
  f('search-insensitive-10k', { type: 'search', dimension: 'quality', query: { type: 'insensitive_contains', value: k10 } });
  f('search-insensitive-100k', { type: 'search', dimension: 'quality', query: { type: 'insensitive_contains', value: r.string(100_000) } }, big);
  f('search-insensitive-1m', { type: 'search', dimension: 'quality', query: { type: 'insensitive_contains', value: m1 } }, big);
  f('search-contains-1m', { type: 'search', dimension: 'quality', query: { type: 'contains', value: m1, caseSensitive: true } }, big);
  // ten fragments of 1,000 characters each: each within limits.maxPatternLength, so an (empty) whole answer is right
  c.add('long-string', { name: 'search-fragment-10k', request: post(countOnly({ filter: { type: 'search', dimension: 'quality', query: { type: 'fragment', values: Array.from({ length: 10 }, () => r.string(1000)) } } })), whole: countsBy(() => false), unsafe: SLOW_FRAGMENTS });
  f('selector-1m', selector(m1));
  f('bound-1m', { type: 'bound', dimension: 'quality', lower: m1, upper: `${m1}z` });
  f('in-value-100k', { type: 'in', dimension: 'quality', values: [r.string(100_000)] });

  // catastrophic and invalid regexes: refused, or answered exactly (Java-regex semantics, as JS here for these)
  const regexes: [string, string][] = [
    ['nested-plus', '(a+)+$'], ['alternation-star', '(a|aa)*b'], ['dot-star-repeat', '(.*a){25}'], ['xxy', '(x+x+)+y'],
    ['repeat-1e6', 'a{1000000}'], ['repeat-nested', '((a{100}){100}){100}'], ['dot-10000', '.{10000}'], ['unicode-class', '\\p{L}{1000}'],
    ['or-of-1000', Array.from({ length: 1000 }, () => r.string(8)).join('|')],
    ['invalid-bracket', '['], ['invalid-group', '(?<'], ['invalid-repeat', 'a{2,1}'], ['lookbehind', '(?<=a)b'], ['backreference', '(a)\\1'],
  ];
  for (const [name, pattern] of regexes) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = undefined;
    }
    c.add('regex', { name, request: post(countOnly({ filter: { type: 'regex', dimension: 'quality', pattern } })), ...(re ? { whole: countsBy((x) => (re as RegExp).test(x.quality)) } : {}) });
  }

  // big lists
  const words = (n: number) => Array.from({ length: n }, (_, i) => `v${i}-${r.string(3)}`);
  c.add('big-list', { name: 'in-100k', request: post(countOnly({ filter: { type: 'in', dimension: 'quality', values: [...words(99_999), 'automotive'] } })) });
  c.add('big-list', { name: 'in-10000-at-limit', request: post(countOnly({ filter: { type: 'in', dimension: 'quality', values: [...words(9_999), 'automotive'] } })), whole: countsBy((x) => x.quality === 'automotive') });
  c.add('big-list', { name: 'or-10k-branches', request: post(countOnly({ filter: { type: 'or', fields: [...words(9_999).map((w) => selector(w)), selector('news')] } })), whole: countsBy((x) => x.quality === 'news') });
  c.add('big-list', { name: 'and-10k-branches', request: post(countOnly({ filter: { type: 'and', fields: Array.from({ length: 10_000 }, () => ({ type: 'not', field: selector(r.string(6)) })) } })), whole: countsBy(() => true) });
  const days = Array.from({ length: 10_000 }, (_, i) => new Date(Date.UTC(1990, 0, 1) + i * 86_400_000).toISOString());
  c.add('big-list', { name: 'intervals-10k', request: post(countOnly({ intervals: days.slice(0, -1).map((d, i) => `${d}/${days[i + 1]}`) })), whole: countsBy(() => true, '1990-01-01', days[days.length - 1] as string) });
  c.add('big-list', { name: 'dimensions-10k', request: post(countOnly({ dimensions: Array.from({ length: 10_000 }, (_, i) => ({ type: 'default', dimension: 'quality', outputName: `d${i}` })) })), beforeEngine: MANY_KEYS });
  c.add('big-list', { name: 'aggregations-10k', request: post(countOnly({ aggregations: Array.from({ length: 10_000 }, (_, i) => ({ type: 'doubleSum', name: `a${i}`, fieldName: 'index' })) })) });
  c.add('big-list', { name: 'postaggs-10k', request: post({ ...groupBy, postAggregations: Array.from({ length: 10_000 }, (_, i) => ({ type: 'arithmetic', name: `p${i}`, fn: '+', fields: [{ type: 'fieldAccess', fieldName: 'idx' }, { type: 'constant', name: 'c', value: i }] })) }) });
  c.add('big-list', { name: 'limitspec-columns-10k', request: post({ ...groupBy, limitSpec: { type: 'default', limit: 10, columns: Array.from({ length: 10_000 }, () => 'quality') } }) , whole: countsBy(() => true) });

  // bucket explosions: refused, or a whole answer (a series covers its whole range)
  const series = (from: string, to: string, stepMs: number) => (body: unknown): string | undefined => {
    const want = Math.ceil((Date.parse(to) - Date.parse(from)) / stepMs);
    return Array.isArray(body) && body.length === want ? undefined : `${Array.isArray(body) ? body.length : 'no'} rows, the range has ${want} buckets`;
  };
  const ts = (name: string, extra: object, whole?: (b: unknown) => string | undefined, unsafe?: string) =>
    c.add('bucket-explosion', { name, request: post({ ...timeseries, ...extra }), ...(whole ? { whole } : {}), ...(unsafe ? { unsafe } : {}), timeoutMs: 30_000 });
  ts('timeseries-second-100-years', { granularity: 'second', intervals: ['2000-01-01/2100-01-01'] }, series('2000-01-01', '2100-01-01', 1000));
  ts('timeseries-day-0001-9999', { granularity: 'day', intervals: ['0001-01-01/9999-12-31'] }, series('0001-01-01T00:00:00Z', '9999-12-31T00:00:00Z', 86_400_000));
  ts('timeseries-duration-1ms-year', { granularity: { type: 'duration', duration: 1 }, intervals: ['2011-01-01/2012-01-01'] }, series('2011-01-01', '2012-01-01', 1));
  ts('timeseries-duration-1e308', { granularity: { type: 'duration', duration: 1e308 } });
  ts('timeseries-duration-negative', { granularity: { type: 'duration', duration: -1000 } });
  ts('timeseries-period-PT1S-century', { granularity: { type: 'period', period: 'PT1S' }, intervals: ['2000-01-01/2100-01-01'] }, series('2000-01-01', '2100-01-01', 1000));
  ts('timeseries-max-interval', { granularity: 'hour', intervals: ['-292275055-05-16T16:47:04.192Z/292278994-08-17T07:12:55.807Z'] });
  const data = rows.filter((x) => x.t >= Date.parse('2000-01-01'));
  ts('timeseries-second-skip-empty', { granularity: 'second', intervals: ['2000-01-01/2100-01-01'], context: { skipEmptyBuckets: true } }, (body) => {
    const want = new Set(data.map((x) => x.t)).size;
    if (!Array.isArray(body)) return 'not a list';
    const total = (body as Row[]).reduce((s, x) => s + Number(x.result?.rows ?? 0), 0);
    return body.length === want && total === data.length ? undefined : `${body.length} rows / ${total} counted, expected ${want} / ${data.length}`;
  });
  c.add('bucket-explosion', {
    name: 'groupby-second-century',
    request: post(countOnly({ granularity: 'second', intervals: ['2000-01-01/2100-01-01'] })),
    timeoutMs: 30_000,
    whole: (body) => {
      const want = new Set(data.map((x) => `${x.t}|${x.quality}`)).size;
      return Array.isArray(body) && body.length === want ? undefined : `${Array.isArray(body) ? body.length : 'no'} rows, expected ${want}`;
    },
  });
  c.add('bucket-explosion', { name: 'limit-1e308', request: post({ ...groupBy, limitSpec: { type: 'default', limit: 1e308 } }) });
  c.add('bucket-explosion', { name: 'limit-negative', request: post({ ...groupBy, limitSpec: { type: 'default', limit: -1 } }) });
  c.add('bucket-explosion', { name: 'offset-2e9', request: post({ ...groupBy, limitSpec: { type: 'default', offset: 2 ** 31, limit: 1 } }) });
  c.add('bucket-explosion', { name: 'topn-threshold-1e308', request: post({ ...topN, threshold: 1e308 }) });
  c.add('bucket-explosion', { name: 'scan-limit-1e9', request: post({ ...scan, limit: 1e9 }) });
  c.add('bucket-explosion', { name: 'scan-offset-1e15', request: post({ ...scan, offset: 1e15 }) });
  c.add('bucket-explosion', { name: 'context-timeout-negative', request: post({ ...groupBy, context: { timeout: -5 } }) });
  c.add('bucket-explosion', { name: 'context-timeout-1e308', request: post({ ...groupBy, context: { timeout: 1e308 } }) });
  c.add('bucket-explosion', { name: 'selector-long-overflow', request: post(countOnly({ filter: selector('9223372036854775808', 'qualityLong') })), whole: countsBy(() => false) });
  c.add('bucket-explosion', { name: 'bound-numeric-1e400', request: post(countOnly({ filter: { type: 'bound', dimension: 'index', lower: '1e400', ordering: 'numeric' } })), whole: countsBy(() => false) });

  // post-aggregators that reuse the previous level twice: 2^n after inlining
  const doubling = (n: number) => [
    { type: 'arithmetic', name: 'p0', fn: '+', fields: [{ type: 'fieldAccess', fieldName: 'idx' }, { type: 'fieldAccess', fieldName: 'rows' }] },
    ...Array.from({ length: n }, (_, i) => ({ type: 'arithmetic', name: `p${i + 1}`, fn: '+', fields: [{ type: 'fieldAccess', fieldName: `p${i}` }, { type: 'fieldAccess', fieldName: `p${i}` }] })),
  ];
  // compiled once per name (a DAG), the doubling is n additions: refused by a bound, or answered whole (p_n = 2^n · p0)
  const doubled = (n: number) => (body: unknown): string | undefined => {
    if (!Array.isArray(body) || body.length === 0) return 'no rows';
    for (const row of body as Row[]) {
      const e = row.event ?? {};
      const want = 2 ** n * (Number(e.idx) + Number(e.rows));
      if (!(Math.abs(Number(e[`p${n}`]) - want) <= 1e-9 * Math.abs(want))) return `p${n} = ${e[`p${n}`]}, expected ${want}`;
    }
    return undefined;
  };
  for (const n of [20, 40]) c.add('expression-blowup', { name: `postagg-doubling-${n}`, request: post({ ...groupBy, postAggregations: doubling(n) }), whole: doubled(n) });
  c.add('expression-blowup', { name: 'postagg-doubling-having', request: post({ ...groupBy, postAggregations: doubling(30), having: { type: 'greaterThan', aggregation: 'p30', value: 0 } }), whole: doubled(30) });

  // index escapes: only exposed data sources, never a pattern, list, system index or path
  for (const ds of ['../x', '_all', '*', '.kibana', 'testing,other', '%2e%2e', 'test*', 'testing/../x', '-testing', 'testing\u0000', 't-testing-*', 't-hostile-*', '.opendistro_security', '.tasks'])
    c.add('index-escape', { name: `datasource-${encodeURIComponent(ds)}`, request: post({ ...groupBy, dataSource: ds }) });
  c.add('index-escape', { name: 'table-_all', request: post({ ...groupBy, dataSource: { type: 'table', name: '_all' } }) });
  c.add('index-escape', { name: 'union-with-_all', request: post({ ...groupBy, dataSource: { type: 'union', dataSources: ['testing', '_all'] } }) });
  c.add('index-escape', { name: 'query-datasource', request: post({ ...groupBy, dataSource: { type: 'query', query: { ...scan, dataSource: '.kibana' } } }) });
  c.add('index-escape', { name: 'lookup-datasource', request: post({ ...groupBy, dataSource: { type: 'lookup', lookup: '.security' } }) });
  for (const p of ['_all', '*', '..%2F..%2Fx', '%2e%2e', '.kibana', 'testing,other'])
    c.add('index-escape', { name: `get-datasource-${p}`, request: { method: 'GET', path: `/druid/v2/datasources/${p}` } });
  c.add('index-escape', { name: 'segment-metadata-_all', request: post({ queryType: 'segmentMetadata', dataSource: '_all', intervals: [IV] }) });
  c.add('index-escape', { name: 'time-boundary-star', request: post({ queryType: 'timeBoundary', dataSource: '*' }) });

  // script and expression injection: refused, or (names are opaque labels in Druid) answered exactly
  const evil = ["doc['quality'].value", "params._source; System.exit(0)", "'; return 1; //", 'java.lang.Runtime.getRuntime()', '${7*7}'];
  evil.forEach((e, i) => {
    const missing = countsBy(() => false);
    c.add('injection', { name: `selector-dimension-${i}`, request: post(countOnly({ filter: selector('x', e) })), whole: missing });
    c.add('injection', {
      name: `postagg-names-${i}`,
      request: post({ ...groupBy, aggregations: [count, { ...idx, name: e }], postAggregations: [{ type: 'arithmetic', name: `${e}!`, fn: '/', fields: [{ type: 'fieldAccess', fieldName: e }, { type: 'fieldAccess', fieldName: 'rows' }] }], having: undefined, limitSpec: undefined }),
      whole: (body) => {
        if (!Array.isArray(body) || body.length === 0) return 'no rows';
        for (const row of body as Row[]) {
          const want = ivRows('2011-04-01', '2011-04-03').filter((x) => x.quality === row.event?.quality);
          const avg = want.reduce((s, x) => s + x.index, 0) / want.length;
          if (Math.abs(Number(row.event?.[`${e}!`]) - avg) > 1e-6 * Math.abs(avg)) return `post-aggregator ${row.event?.[`${e}!`]}, expected ${avg}`;
        }
        return countsBy(() => true)(body);
      },
    });
  });
  const js = 'function(a){ java.lang.System.exit(0); return true; }';
  c.add('injection', { name: 'javascript-filter', request: post(countOnly({ filter: { type: 'javascript', dimension: 'quality', function: js } })) });
  c.add('injection', { name: 'javascript-aggregator', request: post(countOnly({ aggregations: [{ type: 'javascript', name: 'j', fieldNames: ['index'], fnAggregate: js, fnCombine: js, fnReset: 'function(){return 0}' }] })) });
  c.add('injection', { name: 'javascript-postagg', request: post({ ...groupBy, postAggregations: [{ type: 'javascript', name: 'j', fieldNames: ['idx'], function: js }] }) });
  c.add('injection', { name: 'expression-postagg', request: post({ ...groupBy, postAggregations: [{ type: 'expression', name: 'e', expression: "idx * 2; doc['x'].value" }] }) });
  c.add('injection', { name: 'expression-virtual-column', request: post({ ...groupBy, virtualColumns: [{ type: 'expression', name: 'v', expression: "doc['index'].value * params.x", outputType: 'DOUBLE' }] }) });
  c.add('injection', { name: 'expression-filter', request: post(countOnly({ filter: { type: 'expression', expression: 'java.lang.Runtime.getRuntime().exec("x")' } })) });
  c.add('injection', { name: 'javascript-extraction', request: post({ ...groupBy, dimensions: [{ type: 'extraction', dimension: 'quality', outputName: 'q', extractionFn: { type: 'javascript', function: js } }] }) });
  c.add('injection', { name: 'script-in-context', request: post({ ...groupBy, context: { script: { source: 'System.exit(0)' }, queryId: "'; drop" } }), whole: countsBy(() => true) });

  // Druid's Jackson ignores unknown properties: the prototype keys are answered whole
  bodyCases(c, PATH, countOnly({}), countsBy(() => true));
  return c.all;
}
