/** Hostile Nue GraphQL requests (POST and GET /graphql, /api/graphql): see README "Nue GraphQL". */
import { data, fixtures } from '../translators/nue-graphql/fixtures.js';
import { bodyCases, Cases, nestText, wrongTypes, type Case } from './cases.js';
import type { Rng } from './prng.js';
import type { Request } from './proxy-process.js';

export { fixtures as nueFixtures };
const PATH = '/graphql';
const gql = (query: string, variables?: unknown, path = PATH): Request => ({ method: 'POST', path, body: variables === undefined ? { query } : { query, variables } });

export const simple = { query: '{ aggregate_product(groupBy: [status]) { status n: count(field: id) } }' };
type Row = Record<string, unknown>;
const rowsOf = (body: unknown, field = 'aggregate_product'): Row[] | undefined => {
  const rows = (body as { data?: { result?: Record<string, unknown> } })?.data?.result?.[field];
  return Array.isArray(rows) ? (rows as Row[]) : undefined;
};
/** Whole when the product rows count, per status, the products `keep` selects (or the one total `n` without a group). */
const byStatus = (keep: (p: Row) => boolean) => (body: unknown): string | undefined => {
  const rows = rowsOf(body);
  if (!rows) return 'no aggregate_product rows';
  const want = new Map<string, number>();
  for (const p of data.product) if (keep(p)) want.set(String(p.status), (want.get(String(p.status)) ?? 0) + 1);
  if (rows.length !== want.size) return `${rows.length} rows, expected ${want.size}`;
  for (const row of rows) if (want.get(String(row.status)) !== row.n) return `${row.status}: ${row.n}, expected ${want.get(String(row.status))}`;
  return undefined;
};
export const simpleOk = byStatus(() => true);
const total = (want: number, field = 'aggregate_product') => (body: unknown): string | undefined => {
  const rows = rowsOf(body, field);
  if (!rows) return `no ${field} rows`;
  const got = rows.reduce((s, x) => s + Number(x.n ?? 0), 0);
  return got === want ? undefined : `counted ${got}, expected ${want}`;
};
const count = (where: string) => `{ aggregate_product(where: ${where}) { n: count(field: id) } }`;
const withVar = (type: string, use: string) => `query($v: ${type}) { aggregate_product(${use}) { n: count(field: id) } }`;

export function nueCases(r: Rng): Case[] {
  const c = new Cases('nue-graphql');
  // the envelope's keys: query, variables, operationName
  const envelope = { query: withVar('String', 'where: {status: {eq: $v}}'), variables: { v: 'active' }, operationName: null };
  // an array root is a batch (GraphQL over HTTP): a batch of the one envelope answers one whole result
  const batchOfOne = (b: unknown): string | undefined =>
    Array.isArray(b) && b.length === 1 && Array.isArray((b[0] as { data?: { result?: { aggregate_product?: unknown } } })?.data?.result?.aggregate_product) ? undefined : 'not a batch of one whole result';
  wrongTypes(c, r, 'envelope', (b) => ({ method: 'POST', path: PATH, body: b }), envelope, { skip: (p) => p === '/operationName', perKey: 2, rootWhole: { array: batchOfOne } });
  // wrong types inside the document: the schema's types are checked before anything runs
  const literal: [string, string][] = [
    ['groupBy-string', '{ aggregate_product(groupBy: "status") { n: count(field: id) } }'],
    ['groupBy-number', '{ aggregate_product(groupBy: [1]) { n: count(field: id) } }'],
    ['where-list', count('[{status: {eq: "active"}}]')],
    ['where-string', count('"status = active"')],
    ['eq-object', count('{status: {eq: {x: 1}}}')],
    ['in-object', count('{status: {in: {x: 1}}}')],
    ['gt-string-on-number', count('{listPrice: {gt: "ten"}}')],
    ['gt-bool-on-number', count('{listPrice: {gt: true}}')],
    ['eq-number-on-bool', count('{configurable: {eq: 1}}')],
    ['contains-on-number', count('{listPrice: {contains: "1"}}')],
    ['page-string', '{ aggregate_product(page: "1") { n: count(field: id) } }'],
    ['page-limit-float', '{ aggregate_product(groupBy: [status], page: {limit: 1.5}) { status } }'],
    ['count-field-string', '{ aggregate_product { n: count(field: "id") } }'],
    ['distinct-string', '{ aggregate_product { n: count(field: id, distinct: "yes") } }'],
    ['sum-on-text', '{ aggregate_product { s: sum(field: name) } }'],
    ['unknown-argument', '{ aggregate_product(orderBy: id) { n: count(field: id) } }'],
    ['unknown-field', '{ aggregate_product { secret } }'],
    ['scalar-subselection', '{ aggregate_product { status { x } } }'],
    ['missing-subselection', '{ aggregate_product }'],
    ['null-for-non-null-list-item', '{ aggregate_product(groupBy: [null]) { n: count(field: id) } }'],
  ];
  for (const [name, q] of literal) c.add('wrong-type', { name: `literal-${name}`, request: gql(q) });
  // GraphQL's input coercion makes a single value a list of one: grouping by status, whole
  c.add('wrong-type', { name: 'var-string-for-enum-list', request: gql(withVar('[ProductField!]', 'groupBy: $v'), { v: 'status' }), whole: total(40) });
  for (const [name, type, use, v] of [
    ['var-object-for-float', 'Float', 'where: {listPrice: {gt: $v}}', { x: 1 }],
    ['var-list-for-string', 'String', 'where: {status: {eq: $v}}', ['active']],
    ['var-null-for-non-null', 'String!', 'where: {status: {eq: $v}}', null],
    ['var-undeclared-type', 'Secret', 'where: {status: {eq: $v}}', 'x'],
    ['var-where-wrong-shape', 'ProductWhere', 'where: $v', { status: 'active' }],
    ['var-where-unknown-field', 'ProductWhere', 'where: $v', { secret: { eq: 1 } }],
  ] as const)
    c.add('wrong-type', { name, request: gql(withVar(type, use), { v }) });

  // Int out of range and non-integers, as variables and as literals
  const INT = 'query($n: Int) { aggregate_product(groupBy: [status], page: {limit: $n}) { status } }';
  for (const n of [2147483648, 4294967296, 9007199254740993, -1e308, 1e-9, 1.5, -2147483649])
    c.add('wrong-type', { name: `int-variable-${n}`, request: gql(INT, { n }) });
  c.add('wrong-type', { name: 'int-variable-1e309-text', request: { method: 'POST', path: PATH, body: `{"query": ${JSON.stringify(INT)}, "variables": {"n": 1e309}}` } });
  c.add('wrong-type', { name: 'int-variable-string', request: gql(INT, { n: '5' }) });
  for (const n of ['2147483648', '99999999999999999999', '1e309', '-1e308'])
    c.add('wrong-type', { name: `int-literal-${n}`, request: gql(`{ aggregate_product(groupBy: [status], page: {limit: ${n}}) { status } }`) });
  for (const n of ['1e309', '-1e309', '1' + '0'.repeat(400)])
    c.add('wrong-type', { name: `float-literal-${n.slice(0, 8)}-${n.length}`, request: gql(count(`{listPrice: {gt: ${n}}}`)) });
  c.add('wrong-type', { name: 'cursor-negative', request: gql('{ aggregate_product(groupBy: [id], page: {cursor: -1, limit: 5}) { id } }') });
  c.add('wrong-type', { name: 'limit-negative', request: gql('{ aggregate_product(groupBy: [id], page: {limit: -5}) { id } }') });

  // deep: selections, where literals and variables, list literals, nested fragments
  for (const d of [600, 5000]) {
    c.add('deep', { name: `selections-${d}`, request: gql(nestText(d, '{ aggregate_product ', '', '}')) });
    c.add('deep', { name: `where-not-${d}`, request: gql(count(nestText(d, '{not: ', '{status: {eq: "active"}}', '}'))) });
    c.add('deep', { name: `where-or-${d}`, request: gql(count(nestText(d, '{or: [', '{}', ']}'))) });
    c.add('deep', { name: `where-and-${d}`, request: gql(count(nestText(d, '{_and: [', '{status: {eq: "active"}}', ']}'))) });
    c.add('deep', { name: `list-literal-${d}`, request: gql(`{ aggregate_product(groupBy: ${nestText(d, '[', 'status', ']')}) { status } }`) });
    c.add('deep', { name: `in-list-literal-${d}`, request: gql(count(`{status: {in: ${nestText(d, '[', '"active"', ']')}}}`)) });
    c.add('deep', { name: `where-variable-${d}`, request: { method: 'POST', path: PATH, body: `{"query": ${JSON.stringify(withVar('ProductWhere', 'where: $v'))}, "variables": {"v": ${nestText(d, '{"not": ', '{}', '}')}}}` } });
    c.add('deep', { name: `unused-variable-${d}`, request: { method: 'POST', path: PATH, body: `{"query": ${JSON.stringify(simple.query)}, "variables": {"x": ${nestText(d, '[', '1', ']')}}}` } });
    c.add('deep', { name: `inline-fragments-${d}`, request: gql(`{ aggregate_product { ${nestText(d, '... on ProductAggregateRow { ', 'n: count(field: id)', ' }')} } }`) });
  }
  const nestedFragments = Array.from({ length: 200 }, (_, i) => `fragment F${i} on ProductAggregateRow { ${i === 0 ? 'n: count(field: id)' : `...F${i - 1}`} }`);
  // a chain of spreads adds no selection depth: one field after expansion, answered whole
  c.add('deep', { name: 'fragment-chain-200', request: gql(`{ aggregate_product { ...F199 } } ${nestedFragments.join(' ')}`), whole: total(40) });
  c.add('deep', { name: 'introspection-oftype-20', request: gql(`{ __schema { types { fields { type { ${nestText(20, 'ofType { ', 'name', ' }')} } } } } }`) });

  // GraphQL abuse: doubling fragments, aliases, repeated fields, directives, cycles, batches, huge variables
  const doubling = (n: number) => {
    const frags = ['fragment F0 on ProductAggregateRow { n: count(field: id) }'];
    for (let i = 1; i <= n; i++) frags.push(`fragment F${i} on ProductAggregateRow { ...F${i - 1} ...F${i - 1} }`);
    return `{ aggregate_product { ...F${n} } } ${frags.join(' ')}`;
  };
  for (const n of [10, 20, 30, 60]) c.add('graphql-abuse', { name: `fragments-doubling-${n}`, request: gql(doubling(n)), ...(n === 10 ? { whole: total(40) } : {}) });
  const where = Array.from({ length: 25 }, () => '...W').join(' ');
  c.add('graphql-abuse', { name: 'fragment-cycle', request: gql('{ aggregate_product { ...A } } fragment A on ProductAggregateRow { ...B } fragment B on ProductAggregateRow { ...A }') });
  c.add('graphql-abuse', { name: 'fragment-self', request: gql('{ aggregate_product { ...A } } fragment A on ProductAggregateRow { n: count(field: id) ...A }') });
  c.add('graphql-abuse', { name: 'fragment-spread-repeat', request: gql(`{ aggregate_product { ...W ${where} } } fragment W on ProductAggregateRow { n: count(field: id) }`), whole: total(40) });
  c.add('graphql-abuse', { name: 'aliases-10k-root', request: gql(`{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: aggregate_product { count(field: id) }`).join(' ')} }`) });
  c.add('graphql-abuse', { name: 'aliases-65', request: gql(`{ aggregate_product { ${Array.from({ length: 65 }, (_, i) => `a${i}: count(field: id)`).join(' ')} } }`) });
  // 64 root fields at the alias limit and the engine-search limit: answered whole
  c.add('graphql-abuse', { name: 'aliases-64-root-engine-searches', request: gql(`{ ${Array.from({ length: 64 }, (_, i) => `a${i}: aggregate_product(groupBy: [id]) { id }`).join(' ')} }`), timeoutMs: 30_000, whole: (b) => {
    const result = (b as { data?: { result?: Record<string, unknown[]> } })?.data?.result ?? {};
    return Array.from({ length: 64 }, (_, i) => result[`a${i}`]).every((rows) => Array.isArray(rows) && rows.length === 40) ? undefined : 'not 64 whole lists of 40 rows';
  } });
  c.add('graphql-abuse', { name: 'aliases-65-root', request: gql(`{ ${Array.from({ length: 65 }, (_, i) => `a${i}: aggregate_product { n: count(field: id) }`).join(' ')} }`) });
  c.add('graphql-abuse', { name: 'same-field-5000', request: gql(`{ aggregate_product { ${Array(5000).fill('n: count(field: id)').join(' ')} } }`) });
  c.add('graphql-abuse', { name: 'typename-5000', request: gql(`{ aggregate_product { ${Array(5000).fill('__typename').join(' ')} } }`) });
  c.add('graphql-abuse', { name: 'directives-1000', request: gql(`{ aggregate_product { n: count(field: id) ${Array(1000).fill('@include(if: true)').join(' ')} } }`) });
  c.add('graphql-abuse', { name: 'unknown-directive', request: gql('{ aggregate_product @exec(cmd: "rm") { n: count(field: id) } }') });
  c.add('graphql-abuse', { name: 'operations-two-no-name', request: gql('query A { aggregate_product { n: count(field: id) } } query B { aggregate_invoice { n: count(field: id) } }') });
  c.add('graphql-abuse', { name: 'operation-name-unknown', request: { method: 'POST', path: PATH, body: { query: 'query A { aggregate_product { n: count(field: id) } }', operationName: 'Z' } } });
  c.add('graphql-abuse', { name: 'mutation', request: gql('mutation { deleteIndex(name: "_all") }') });
  c.add('graphql-abuse', { name: 'subscription', request: gql('subscription { aggregate_product { n: count(field: id) } }') });
  c.add('graphql-abuse', { name: 'batched-array-1000', request: { method: 'POST', path: PATH, body: Array.from({ length: 1000 }, () => simple) } });
  // variables the operation does not declare are ignored by GraphQL (graphql-js as the spec has it)
  c.add('graphql-abuse', { name: 'variables-10k-unused', request: gql(simple.query, Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`v${i}`, i]))), whole: simpleOk });
  c.add('graphql-abuse', { name: 'variable-900k-string-unused', request: gql(simple.query, { big: r.string(900_000) }), whole: simpleOk });
  c.add('graphql-abuse', { name: 'variable-list-100k', request: gql(withVar('[String!]', 'where: {status: {in: $v}}'), { v: Array.from({ length: 100_000 }, (_, i) => `s${i}`) }) });
  c.add('graphql-abuse', { name: 'variable-list-10000-at-limit', request: gql(withVar('[String!]', 'where: {status: {in: $v}}'), { v: [...Array.from({ length: 9_999 }, (_, i) => `s${i}`), 'draft'] }), whole: total(10) });
  c.add('graphql-abuse', { name: 'tokens-over-limit', request: gql(`{ aggregate_product { n: count(field: id) } } ${'# c\n'.repeat(10)}${Array(6000).fill('').join(' ')}{ x }`) });
  // Apollo's convention: a GraphQL error (HTTP 200) that its persisted-query link understands and answers by resending the query
  c.add('graphql-abuse', { name: 'persisted-query', request: { method: 'POST', path: PATH, body: { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } } }, whole: (b) =>
    (b as { errors?: { extensions?: { code?: string } }[] })?.errors?.[0]?.extensions?.code === 'PERSISTED_QUERY_NOT_SUPPORTED' ? undefined : 'not PERSISTED_QUERY_NOT_SUPPORTED' });
  c.add('graphql-abuse', { name: 'get-query-huge', request: { method: 'GET', path: `${PATH}?query=${encodeURIComponent(`{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: aggregate_product { count(field: id) }`).join(' ')} }`)}` } });
  c.add('graphql-abuse', { name: 'get-aliases-100', request: { method: 'GET', path: `${PATH}?query=${encodeURIComponent(`{aggregate_product{${Array.from({ length: 100 }, (_, i) => `a${i}:count(field:id)`).join(' ')}}}`)}` } });
  c.add('graphql-abuse', { name: 'get-deep-selection', request: { method: 'GET', path: `${PATH}?query=${encodeURIComponent(nestText(600, '{aggregate_product', '', '}'))}` } });
  c.add('graphql-abuse', { name: 'get-variables-not-json', request: { method: 'GET', path: `${PATH}?query=${encodeURIComponent(INT)}&variables=%7B%22n%22%3A` } });
  c.add('graphql-abuse', { name: 'get-mutation', request: { method: 'GET', path: `${PATH}?query=${encodeURIComponent('mutation { x }')}` } });
  c.add('graphql-abuse', { name: 'syntax-unterminated-string', request: gql('{ aggregate_product(where: {status: {eq: "') });
  c.add('graphql-abuse', { name: 'syntax-block-string-900k', request: gql(`{ aggregate_product(where: {status: {eq: """${r.string(900_000)}"""}}) { n: count(field: id) } }`) });

  // long strings in every pattern and term
  const HEAP = 'a wildcard of more than limits.maxWildcardPatternLength at the engine: case-insensitive automaton, OutOfMemoryError from about 100 k (issue 23 point 1)';
  const long = (name: string, where: string, variable: string, whole?: (b: unknown) => string | undefined) =>
    c.add('long-string', { name, request: gql(withVar('String', where), { v: variable }), ...(whole ? { whole } : /contains|With|like|ilike/i.test(where) ? { beforeEngine: HEAP } : {}) });
  for (const [n, len] of [['10k', 10_000], ['100k', 100_000], ['900k', 900_000]] as const) {
    long(`contains-${n}`, 'where: {name: {contains: $v}}', r.string(len));
    long(`startsWith-${n}`, 'where: {name: {startsWith: $v}}', r.string(len));
    long(`endsWith-${n}`, 'where: {name: {endsWith: $v}}', r.string(len));
    long(`ilike-${n}`, 'where: {name: {_ilike: $v}}', r.string(len));
  }
  long('eq-900k', 'where: {status: {eq: $v}}', r.string(900_000), total(0));
  long('eq-text-900k', 'where: {name: {eq: $v}}', r.string(900_000), total(0));
  long('like-percent-10000', 'where: {name: {_like: $v}}', `${'%'.repeat(10_000)}x`);
  // 400 characters, at limits.maxWildcardPatternLength: verified on a throw-away engine, answered (nothing matches)
  long('like-percent-400', 'where: {name: {_like: $v}}', `${'%'.repeat(399)}x`, total(0));
  long('ilike-percent-401', 'where: {name: {_ilike: $v}}', `${'%'.repeat(400)}x`);
  long('date-gt-900k', 'where: {createdDate: {gt: $v}}', r.string(900_000));

  // patterns: SQL LIKE and wildcard characters are literal or SQL-like, never a regex
  for (const [name, v, keep] of [
    ['like-regex-chars', '(a+)+$', () => false],
    ['like-star', '*', () => false],
    ['contains-question', '?', () => false],
    ['contains-backslash', '\\', () => false],
    ['like-underscore-seat', '%Seat%', (p: Row) => String(p.name).includes('Seat')],
  ] as const)
    c.add('regex', { name, request: gql(withVar('String', name.startsWith('like') ? 'groupBy: [status], where: {name: {_like: $v}}' : 'groupBy: [status], where: {name: {contains: $v}}').replace('n: count', 'status n: count'), { v }), whole: byStatus(keep) });

  // bucket explosions
  c.add('bucket-explosion', { name: 'group-by-3-high-cardinality', request: gql('{ aggregate_product(groupBy: [id, name, createdDate]) { id n: count(field: id) } }'), whole: total(40) });
  c.add('bucket-explosion', { name: 'group-by-4', request: gql('{ aggregate_product(groupBy: [id, name, status, priceModel]) { id } }') });
  const rowCount = (field: string, n: number) => (b: unknown): string | undefined => (rowsOf(b, field)?.length === n ? undefined : `not ${n} ${field} rows`);
  // the same field 1,000 times is one grouping field
  c.add('bucket-explosion', { name: 'group-by-repeat-1000', request: gql(`{ aggregate_product(groupBy: [${Array(1000).fill('id').join(', ')}]) { id } }`), whole: rowCount('aggregate_product', 40) });
  c.add('bucket-explosion', { name: 'page-limit-int-max', request: gql('{ aggregate_invoice(groupBy: [id], page: {limit: 2147483647}) { id n: count(field: id) } }'), whole: total(120, 'aggregate_invoice') });
  c.add('bucket-explosion', { name: 'page-cursor-int-max', request: gql('{ aggregate_invoice(groupBy: [id], page: {cursor: 2147483647, limit: 10}) { id } }'), whole: rowCount('aggregate_invoice', 0) });
  c.add('bucket-explosion', { name: 'collection-limit-int-max', request: gql('{ product(page: {limit: 2147483647}) { id } }'), whole: rowCount('product', 40) });
  c.add('bucket-explosion', { name: 'all-roots-grouped', request: gql('{ a: aggregate_invoice(groupBy: [id, customerId, invoiceDate]) { id n: count(field: id) } b: aggregate_subscription(groupBy: [id, customerId, startDate]) { id n: count(field: id) } }'), timeoutMs: 30_000, whole: (b) => total(120, 'a')(b) ?? total(150, 'b')(b) });

  // index escapes: only exposed objects, no engine index by any spelling
  for (const name of ['aggregate__all', 'aggregate_kibana', 'aggregate_', 'aggregate_product_2', '_all', 'aggregate_Product', 'aggregate_t_hostile', 'aggregate_tasks', 'aggregate_opendistro_security'])
    c.add('index-escape', { name: `root-${name}`, request: gql(`{ ${name} { n: count(field: id) } }`) });
  for (const p of ['/graphql/../_all', '/graphql%2F..%2F_all', '/api/graphql/_all', '/graphql/_search', '/%2e%2e/_all/_search', '/api/async/graphql/..%2F..%2F'])
    c.add('index-escape', { name: `path-${p}`, request: { method: 'POST', path: p, body: simple }, notRoute: true });
  c.add('index-escape', { name: 'introspection-types', request: gql('{ __schema { types { name fields { name } } } }'), whole: (b) => ((b as { data?: unknown })?.data ? undefined : 'no introspection data') });

  // injection: Painless or query DSL in values, enum-looking names and aliases
  const evil = ["doc['listPrice'].value", "x'; System.exit(0); '", '{"script": {"source": "1"}}', '*', '_all', '${7*7}'];
  evil.forEach((e, i) => {
    c.add('injection', { name: `eq-value-${i}`, request: gql(withVar('String', 'where: {status: {eq: $v}}'), { v: e }), whole: total(0) });
    c.add('injection', { name: `contains-value-${i}`, request: gql(withVar('String', 'where: {name: {contains: $v}}'), { v: e }), whole: total(0) });
    c.add('injection', { name: `date-value-${i}`, request: gql(withVar('String', 'where: {createdDate: {gte: $v}}'), { v: e }) });
  });
  for (const name of ['doc', '_source', 'listPrice__script', '__proto__'])
    c.add('injection', { name: `enum-${name}`, request: gql(`{ aggregate_product(groupBy: [${name}]) { n: count(field: id) } }`) });
  c.add('injection', { name: 'alias-named-script', request: gql('{ aggregate_product { script: count(field: id) __proto__: sum(field: listPrice) } }') });
  c.add('injection', { name: 'alias-constructor', request: gql('{ aggregate_product { constructor: count(field: id) n: count(field: id) } }'), whole: total(40) });

  bodyCases(c, PATH, simple, simpleOk);
  return c.all;
}
