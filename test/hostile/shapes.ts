/**
 * What a refusal must look like: the dialect's own error body (after translators/<dialect>/errors.ts),
 * and nothing of the proxy's or the engine's insides (stack frames, JS or Java exception names,
 * Painless, generated scripts, engine error types, the real index names).
 */
export type Dialect = 'relevance-ai' | 'shopware' | 'druid' | 'opendatasoft' | 'nue-graphql';

type Json = unknown;
const isObj = (x: Json): x is Record<string, Json> => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: Json): boolean => typeof x === 'string' && x.length > 0;

/** `undefined` when `body` is the dialect's error shape for `status`, else what is wrong. */
export type ShapeCheck = (status: number, body: Json) => string | undefined;

const relevance: ShapeCheck = (status, b) => {
  if (!isObj(b)) return 'not a JSON object';
  if (status === 422) {
    const d = b.detail;
    if (!Array.isArray(d) || d.length === 0) return '422 without a `detail` list';
    return d.every((x) => isObj(x) && Array.isArray(x.loc) && str(x.msg) && str(x.type)) ? undefined : '`detail` entries need loc[], msg, type';
  }
  if (!str(b.message)) return 'no `message`';
  if (b.loc !== undefined && !Array.isArray(b.loc)) return '`loc` is not a list';
  return undefined;
};

const shopware: ShapeCheck = (status, b) => {
  if (!isObj(b) || !Array.isArray(b.errors) || b.errors.length === 0) return 'no JSON:API `errors` list';
  for (const e of b.errors) {
    if (!isObj(e)) return 'an error is not an object';
    if (e.status !== String(status)) return `error status ${JSON.stringify(e.status)} is not "${status}"`;
    if (!str(e.code) || !str(e.title) || typeof e.detail !== 'string') return 'an error lacks code, title or detail';
    if (e.source !== undefined && !(isObj(e.source) && typeof e.source.pointer === 'string')) return '`source.pointer` is not a string';
  }
  return undefined;
};

const druid: ShapeCheck = (_status, b) => {
  if (!isObj(b)) return 'not a JSON object';
  if (!str(b.error) || !str(b.errorMessage) || !str(b.errorClass) || !('host' in b)) return 'not {error, errorMessage, errorClass, host}';
  return undefined;
};

const opendatasoft: ShapeCheck = (_status, b) => {
  if (!isObj(b) || !str(b.message) || !str(b.error_code)) return 'not {message, error_code}';
  return undefined;
};

/** GraphQL's refusals; a request-level one may be HTTP 200 (GraphQL's convention) with `data: null`. */
export const NUE_REFUSAL_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'AGGREGATE_VALIDATION_FAILED',
  'AGGREGATE_TOO_LARGE',
  'LIMIT_EXCEEDED',
  'NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

const nue: ShapeCheck = (status, b) => {
  if (!isObj(b) || !Array.isArray(b.errors) || b.errors.length === 0) return 'no GraphQL `errors` list';
  if (status === 200 && b.data !== null) return 'HTTP 200 with errors must carry `data: null` (never partial data)';
  for (const e of b.errors) {
    if (!isObj(e) || !str(e.message)) return 'an error lacks `message`';
    const code = isObj(e.extensions) ? e.extensions.code : undefined;
    if (typeof code !== 'string') return 'an error lacks `extensions.code`';
    if (!NUE_REFUSAL_CODES.has(code)) return `extensions.code ${code} is not a client-error code`;
  }
  return undefined;
};

export const SHAPES: Record<Dialect, ShapeCheck> = { 'relevance-ai': relevance, shopware, druid, opendatasoft, 'nue-graphql': nue };

/** A refusal that is a GraphQL answer (HTTP 200, data null, errors with client codes). */
export const isNueRefusal = (status: number, body: Json): boolean => status === 200 && isObj(body) && 'errors' in body && body.data === null;

const LEAKS: readonly [string, RegExp][] = [
  ['a JS stack frame', /\bat (?:async )?[\w$.<>[\] ]+ \((?:file:|node:|\/)[^)]*:\d+:\d+\)|\n\s+at \S/],
  ['a Java stack frame', /\bat [\w$.]+\([\w$]+\.java:\d+\)/],
  ['a JS error name', /\b\w*Error: /],
  ['a Java or engine class', /\b(?:java|javax|org\.opensearch|org\.elasticsearch|org\.apache\.lucene|com\.fasterxml)\.[a-z][\w.$]*/],
  ['an exception class name', /\b[A-Z][A-Za-z]+(?:Exception|OutOfMemoryError|StackOverflowError)\b/],
  ['an engine error type', /\b\w+_exception\b|script_stack|caused_by|root_cause|too_complex_to_determinize|Determinizing automaton|maxClauseCount|too_many_clauses|max_buckets|search\.max_buckets/],
  // naming Painless as a missing engine capability is the proxy's own message; its classes, contexts and script bodies are not
  ['Painless internals', /\bpainless[._]\w|Painless\w*(?:Exception|Error)\b|"lang"\s*:\s*"painless"|\bPainlessScript|painless_(?:script|class|method)/i],
  ['a generated script', /\bdoc\[['"]|\bparams\.(?:f|p|v|c)\d|\bMath\.(?:floor|abs|max|min)\(|\breturn [^"]{0,40};/],
];

/** Strings of the request that may come back quoted in a message: echoing the client's input is no leak. */
export function echoes(body: unknown): string[] {
  const out = new Set<string>();
  const add = (s: string): void => {
    if (s.length >= 3 && s.length <= 200_000) out.add(s);
  };
  const fromText = (t: string): void => {
    add(t);
    for (const m of t.matchAll(/"(?:[^"\\]|\\.)*"|[A-Za-z_$][\w$.'[\]]*/g)) {
      add(m[0]);
      if (m[0].startsWith('"')) add(m[0].slice(1, -1));
    }
  };
  const stack: unknown[] = [body];
  let n = 0;
  while (stack.length && n++ < 200_000) {
    const v = stack.pop();
    if (typeof v === 'string') fromText(v.length > 20_000 ? v.slice(0, 2_000) : v);
    else if (Array.isArray(v)) stack.push(...v.slice(0, 20_000));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) (add(k), stack.push(x));
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** What of the proxy's or engine's insides `text` shows, if anything, once the request's own strings are removed. */
export function leakIn(text: string, requestStrings: readonly string[], hidden: readonly string[]): string | undefined {
  for (const h of hidden) if (text.includes(h)) return `the internal index name ${h}`;
  let t = text;
  for (const s of requestStrings) if (t.includes(s)) t = t.split(s).join(' ');
  t = t.replace(/Syntax Error: /g, '');
  for (const [what, re] of LEAKS) {
    const m = re.exec(t);
    if (m) return `${what}: …${t.slice(Math.max(0, m.index - 60), m.index + 80)}…`;
  }
  return undefined;
}
