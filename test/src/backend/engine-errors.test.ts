/**
 * Engine refusals that are the client's fault become 400s naming the limit (or an invalid query),
 * never a 502 echoing the engine: read from the error bodies the real engines answered
 * (test/src/backend/engine-errors/, see its README).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asProxyError, causes, clientFault } from '../../../src/backend/engine-errors.js';
import { Deadline } from '../../../src/backend/deadline.js';
import { defaultStatus } from '../../../src/errors/proxy-error.js';
import { defaultLimits } from '../../../src/policy/limits.js';

const dir = new URL('./engine-errors/', import.meta.url);
const captured = (name: string): { body: unknown; status: number } => {
  const body = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as { status: number };
  return { body, status: body.status };
};

/** As the official clients throw it. */
const responseError = (name: string): Error => {
  const { body, status } = captured(name);
  return Object.assign(new Error('ResponseError'), { name: 'ResponseError', meta: { statusCode: status, body, headers: {} } });
};

const mapped = (name: string) => asProxyError(responseError(name), Deadline.in(1000), defaultLimits);

describe.each(['opensearch', 'elasticsearch'])('engine refusals on %s', (engine) => {
  it('an automaton too complex to determinize is limits.maxDeterminizedStates', () => {
    const e = mapped(`${engine}.determinize`);
    expect(e.detail).toMatchObject({ kind: 'limit', limit: 'limits.maxDeterminizedStates', max: 10_000 });
    expect(defaultStatus(e.detail)).toBe(400);
    expect(e.message).not.toMatch(/Determinizing|\[a-z\]/);
  });

  it('too many clauses is limits.maxClauses', () => {
    const e = mapped(engine === 'opensearch' ? 'opensearch.clauses_1025' : 'elasticsearch.clauses_20000');
    expect(e.detail).toMatchObject({ kind: 'limit', limit: 'limits.maxClauses', max: 1024 });
  });

  it('a terms list over index.max_terms_count is limits.maxTerms, with the engine bound when it is lower', () => {
    const e = mapped(`${engine}.terms_count`);
    expect(e.detail).toMatchObject({ kind: 'limit', limit: 'limits.maxTerms', max: 5 });
    expect(e.message).not.toMatch(/index\.max_terms_count|i23guard/);
  });

  it('too many buckets is limits.maxBuckets and a 400, though OpenSearch answers 503', () => {
    expect(captured(`${engine}.too_many_buckets`).status).toBe(engine === 'opensearch' ? 503 : 400);
    const e = mapped(`${engine}.too_many_buckets`);
    expect(e.detail).toMatchObject({ kind: 'limit', limit: 'limits.maxBuckets', max: engine === 'opensearch' ? 65_535 : 65_536 });
    expect(defaultStatus(e.detail)).toBe(400);
  });

  it('a regexp over index.max_regex_length is limits.maxPatternLength', () => {
    expect(mapped(`${engine}.regex_length`).detail).toMatchObject({ kind: 'limit', limit: 'limits.maxPatternLength', max: 1000 });
  });

  it('an invalid regular expression is an invalid query naming only the parser complaint', () => {
    for (const [name, complaint] of [
      [`${engine}.invalid_regex`, 'unexpected end-of-string'],
      [`${engine}.include_regex`, 'unexpected end-of-string'],
      [`${engine}.invalid_range`, 'invalid repetition range(out of order): 2..1'],
    ] as const) {
      const e = mapped(name);
      expect(e.detail).toEqual({ kind: 'invalid_query', message: `invalid regular expression: ${complaint}`, at: {} });
    }
  });

  it('the same refusals as failed shards inside a 200', () => {
    const body = captured(`${engine}.determinize`).body as { error: { failed_shards: unknown[] } };
    expect(clientFault(causes(body.error.failed_shards))?.detail).toMatchObject({ limit: 'limits.maxDeterminizedStates' });
  });
});

describe('collapsing on a multi-valued field', () => {
  it('is the request\'s fault on both engines (their own texts, captured from OpenSearch 2.19 and Elasticsearch 8)', () => {
    for (const [type, reason] of [
      ['illegal_state_exception', 'failed to collapse 0, the collapse field must be single valued'],
      ['illegal_argument_exception', 'failed to extract doc:0, the grouping field must be single valued'],
    ]) {
      expect(clientFault(causes({ error: { root_cause: [{ type, reason }], type: 'search_phase_execution_exception', reason: 'all shards failed' } }))?.detail).toMatchObject({ kind: 'invalid_query' });
    }
  });
});

describe('other engine errors', () => {
  it('bool nesting over Elasticsearch max_nested_depth is limits.maxDepth', () => {
    expect(mapped('elasticsearch.nested_depth').detail).toMatchObject({ kind: 'limit', limit: 'limits.maxDepth', max: 64 });
  });

  it('stay engine errors: an unknown index, a circuit breaker', () => {
    const e = (status: number, body: unknown) =>
      asProxyError(Object.assign(new Error('x'), { name: 'ResponseError', meta: { statusCode: status, body, headers: {} } }), Deadline.in(1000)).detail.kind;
    expect(e(404, { error: { type: 'index_not_found_exception', reason: 'no such index [x]' }, status: 404 })).toBe('engine_error');
    expect(e(429, { error: { type: 'circuit_breaking_exception', reason: '[parent] Data too large' }, status: 429 })).toBe('engine_busy');
    expect(e(400, { error: { type: 'illegal_argument_exception', reason: 'field [x] of type [text] is not aggregatable' }, status: 400 })).toBe('engine_error');
  });

  it('reads a hostile cause tree without recursing or running long', () => {
    let node: Record<string, unknown> = { type: 'x', reason: 'y' };
    for (let i = 0; i < 100_000; i++) node = { type: 'x', reason: 'y', caused_by: node };
    expect(causes({ error: node }).length).toBeLessThanOrEqual(256);
  });
});
