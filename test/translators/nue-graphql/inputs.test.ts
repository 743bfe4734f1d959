/**
 * Variables and `where` values, without an engine: what graphql-js coerces (Int range), what the
 * proxy checks before lowering (variables' shape and depth, nulls, mapped numeric ranges, pattern
 * lengths, list lengths, filter depth), each a GraphQL error, never a throw.
 */
import { describe, expect, it } from 'vitest';
import { execute, specifiedRules, validate, type ExecutionResult } from 'graphql';
import { schemaFromMapping } from '../../../src/ir/schema.js';
import { buildConfig } from '../../../src/catalog/config.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';
import { defaultLimits } from '../../../src/policy/limits.js';
import { exposeObject, type ExposedObject } from '../../../translators/nue-graphql/names.js';
import { buildSchema } from '../../../translators/nue-graphql/schema.js';
import { collectSelections } from '../../../translators/nue-graphql/selection.js';
import { lowerAggregate } from '../../../translators/nue-graphql/lower.js';
import { lowerWhere } from '../../../translators/nue-graphql/where.js';
import { collapseWildcardRuns } from '../../../src/policy/engine-patterns.js';
import { parseWithinLimits } from '../../../translators/nue-graphql/document-limits.js';
import { FiniteNumberLiteralsRule } from '../../../translators/nue-graphql/number-literals.js';
import { checkVariables, jsonDepth } from '../../../translators/nue-graphql/variables.js';
import { toGraphQLError } from '../../../translators/nue-graphql/errors.js';
import { mappings } from './fixtures.js';

const collapsePercents = (p: string): string => collapseWildcardRuns(p, '%');

const config = buildConfig({ datasets: { product: { index: 'product' }, invoice: { index: 'invoice' }, subscription: { index: 'subscription' } } });
const objects = Object.entries(mappings).map(([n, m]) => exposeObject(n, schemaFromMapping(n, (m as { properties: Record<string, never> }).properties)) as ExposedObject);
const byName = (n: string): ExposedObject => objects.find((o) => o.name === n) as ExposedObject;
const schema = buildSchema(objects, {
  aggregate: async (obj, rowType, args, info) => {
    try {
      lowerAggregate(obj, args, collectSelections(info, rowType), info.fieldNodes[0]!, rowType.name, config);
    } catch (e) {
      throw e instanceof ProxyError ? toGraphQLError(e.detail, info.fieldNodes) : e;
    }
    return [];
  },
  collection: async () => [],
});

/** the route's steps before the engine: parse, validate, check variables, execute (lowering only) */
async function run(query: string, variables?: unknown): Promise<ExecutionResult & { refused?: string }> {
  const document = parseWithinLimits(query, defaultLimits);
  const invalid = validate(schema, document, [...specifiedRules, FiniteNumberLiteralsRule]);
  if (invalid.length > 0) return { errors: invalid };
  const vars = checkVariables(variables, defaultLimits);
  if ('error' in vars) return { errors: [vars.error], refused: String(vars.error.extensions.code) };
  return execute({ schema, document, variableValues: vars.variables });
}

const INT = 'query($n: Int) { aggregate_product(groupBy: [status], page: {limit: $n}) { status } }';

describe('Int variables outside GraphQL Int', () => {
  it.each([
    [4294967296, 'Int cannot represent non 32-bit signed integer value: 4294967296'],
    [9007199254740993, 'Int cannot represent non 32-bit signed integer value: 9007199254740992'],
    [-1e308, 'Int cannot represent non 32-bit signed integer value: -1e+308'],
    [1e-9, 'Int cannot represent non-integer value: 1e-9'],
  ])('%s is a coercion error naming the variable', async (n, message) => {
    const res = await run(INT, { n });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.message).toBe(`Variable "$n" got invalid value ${message.split(': ')[1]}; ${message}`);
    expect(res.errors![0]!.locations).toEqual([{ line: 1, column: 7 }]);
  });

  it('1e309 (Infinity once parsed as JSON) is a coercion error for Int and Float', async () => {
    expect((await run(INT, JSON.parse('{"n": 1e309}'))).errors![0]!.message).toMatch(/Int cannot represent non-integer value: Infinity/);
    const float = 'query($n: Float) { aggregate_product(where: {listPrice: {gt: $n}}) { count(field: id) } }';
    expect((await run(float, JSON.parse('{"n": -1e309}'))).errors![0]!.message).toMatch(/Float cannot represent non numeric value: -Infinity/);
  });

  it('a Float literal that is not finite is a validation error', async () => {
    const res = await run('{ aggregate_product(where: {listPrice: {gt: 1e309}}) { count(field: id) } }');
    expect(res.errors!.map((e) => [e.message, e.locations])).toEqual([['Float cannot represent non numeric value: 1e309', [{ line: 1, column: 45 }]]]);
  });
});

describe('variables', () => {
  it('must be an object', async () => {
    for (const v of [5, 'x', [1], true]) expect((await run(INT, v)).refused).toBe('BAD_REQUEST');
    expect(checkVariables(undefined, defaultLimits)).toEqual({ variables: undefined });
    expect(checkVariables(null, defaultLimits)).toEqual({ variables: undefined });
  });

  it('measures depth without recursion, and refuses a where 5,000 deep', () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { not: deep };
    expect(jsonDepth(deep)).toBe(100_001);
    expect(jsonDepth({ a: [1, { b: 2 }] })).toBe(3);
    let w: unknown = {};
    for (let i = 0; i < 5000; i++) w = { and: [w] };
    const res = checkVariables({ w }, defaultLimits);
    expect('error' in res && res.error.toJSON()).toEqual({ message: 'Variables nesting: over limits.maxDepth (64)', extensions: { code: 'LIMIT_EXCEEDED', limit: 'limits.maxDepth', max: 64 } });
  });
});

describe('where values', () => {
  const where = (w: Record<string, unknown>, obj = 'product'): unknown => {
    try {
      return lowerWhere(w, byName(obj), defaultLimits);
    } catch (e) {
      return (e as ProxyError).detail;
    }
  };

  it('null is an error for every operator but eq and ne', () => {
    for (const op of ['in', 'nin', '_in', 'gt', 'lte', 'contains', 'startsWith', 'endsWith', '_like', '_ilike', 'isNull']) {
      expect(where({ name: { [op]: null } })).toMatchObject({ kind: 'invalid_query', message: `where.name.${op}: '${op}' cannot be null`, at: { pointer: `/where/name/${op}` } });
    }
    expect(where({ name: { eq: null } })).toMatchObject({ kind: 'not' });
  });

  it('numbers outside the mapped type are refused before the engine sees them', () => {
    for (const v of [4294967296, 9007199254740993, -1e308, 2147483648]) {
      expect(where({ quantity: { gt: v } }, 'subscription')).toMatchObject({ kind: 'invalid_query', message: expect.stringMatching(/is out of range for the integer field 'quantity' \(-2147483648 to 2147483647\)/) });
    }
    expect(where({ quantity: { in: [1, 2, 4294967296] } }, 'subscription')).toMatchObject({ at: { pointer: '/where/quantity/in/2' } });
    expect(where({ quantity: { gte: 2147483647 } }, 'subscription')).toMatchObject({ kind: 'range' });
    // a double holds them all
    expect(where({ listPrice: { gt: -1e308 } })).toMatchObject({ kind: 'range' });
  });

  it('a date field compared with a string that is no ISO-8601 date is refused at the value, before the engine', () => {
    for (const [op, v] of [['gt', 'x'], ['gte', '2024-13-45'], ['lt', '2023-02-29'], ['eq', '2024-01-01T24:00'], ['ne', 'now-1d'], ['lte', '1700000000000'], ['_gt', '2024-01-01 10:00:00']] as const) {
      expect(where({ startDate: { [op]: v } }, 'subscription')).toEqual({
        kind: 'invalid_query',
        message: `where.startDate.${op}: ${JSON.stringify(v)} is not a date for the date field 'startDate': use an ISO-8601 date or date-time (2024-01-31, 2024-01-31T12:00:00Z)`,
        at: { pointer: `/where/startDate/${op}` },
      });
    }
    expect(where({ startDate: { in: ['2024-01-01', 'nope'] } }, 'subscription')).toMatchObject({ kind: 'invalid_query', at: { pointer: '/where/startDate/in/1' } });
    expect(where({ and: [{ startDate: { nin: ['2024-02-30'] } }] }, 'subscription')).toMatchObject({ kind: 'invalid_query', at: { pointer: '/where/and/0/startDate/nin/0' } });
    // a long one is cut in the message; one over maxPatternLength is the limit error first
    expect((where({ startDate: { gt: 'y'.repeat(900) } }, 'subscription') as { message: string }).message).toMatch(/^where\.startDate\.gt: "y{56}…" is not a date/);
    expect(where({ startDate: { gt: 'y'.repeat(10_000) } }, 'subscription')).toMatchObject({ kind: 'limit', limit: 'limits.maxPatternLength', at: { pointer: '/where/startDate/gt' } });
    for (const v of ['2024', '2024-06', '2024-06-01', '2024-06-01T10', '2024-06-01T10:00', '2024-06-01T10:00:00.123456789Z', '2024-02-29T23:59:59+05:30', '2024-06-01T10:00:00-0800']) {
      expect(where({ startDate: { gte: v } }, 'subscription')).toMatchObject({ kind: 'range', gte: v });
    }
  });

  it('strings over limits.maxPatternLength and lists over limits.maxTerms are limit errors', () => {
    expect(where({ name: { contains: 'x'.repeat(1_000_000) } })).toMatchObject({ kind: 'limit', limit: 'limits.maxPatternLength', max: 1000, at: { pointer: '/where/name/contains' } });
    expect(where({ name: { contains: 'x'.repeat(401) } })).toMatchObject({ kind: 'limit', limit: 'limits.maxWildcardPatternLength', max: 400 });
    expect(where({ name: { contains: 'x'.repeat(400) } })).toMatchObject({ kind: 'substring' });
    expect(where({ status: { eq: 'x'.repeat(1000) } })).toMatchObject({ kind: 'term' });
    expect(where({ status: { in: Array.from({ length: 10_001 }, (_, i) => `s${i}`) } })).toMatchObject({ kind: 'limit', limit: 'limits.maxTerms', max: 10000 });
    expect(where({ status: { nin: ['a', 'y'.repeat(1001)] } })).toMatchObject({ kind: 'limit', limit: 'limits.maxPatternLength', at: { pointer: '/where/status/nin/1' } });
  });

  it('filter nesting over limits.maxDepth is a limit error, not a stack overflow', () => {
    let w: Record<string, unknown> = { status: { eq: 'active' } };
    for (let i = 0; i < 5000; i++) w = { not: w };
    expect(where(w)).toMatchObject({ kind: 'limit', limit: 'limits.maxDepth' });
  });

  it('a run of % in a like pattern collapses to one wildcard', () => {
    expect(collapsePercents('%'.repeat(10_000) + 'x%%')).toBe('%x%');
    expect(collapsePercents('a\\%%%b')).toBe('a\\%%b');
    expect(collapsePercents('50\\%\\%')).toBe('50\\%\\%');
  });

  it('in: null through the schema is a GraphQL error with the field path, not a throw', async () => {
    const res = await run('{ aggregate_product(where: {status: {in: null}}) { count(field: id) } }');
    expect(res.errors!.map((e) => e.toJSON())).toEqual([{ message: "where.status.in: 'in' cannot be null", locations: [{ line: 1, column: 3 }], path: ['aggregate_product'], extensions: { code: 'BAD_USER_INPUT' } }]);
  });
});
