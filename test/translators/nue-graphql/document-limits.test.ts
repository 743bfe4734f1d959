/** Document limits, without an engine: nesting, tokens, depth, aliases and selections after fragment expansion. */
import { describe, expect, it } from 'vitest';
import { GraphQLError, getIntrospectionQuery, type GraphQLSchema } from 'graphql';
import { schemaFromMapping } from '../../../src/backend/schema.js';
import { defaultLimits } from '../../../src/policy/limits.js';
import { exposeObject, type ExposedObject } from '../../../translators/nue-graphql/names.js';
import { buildSchema } from '../../../translators/nue-graphql/schema.js';
import { deepestBracket, documentLimitErrors, parseWithinLimits } from '../../../translators/nue-graphql/document-limits.js';
import { mappings } from './fixtures.js';

const objects = Object.entries(mappings).map(([n, m]) => exposeObject(n, schemaFromMapping(n, (m as { properties: Record<string, never> }).properties)) as ExposedObject);
const schema: GraphQLSchema = buildSchema(objects, { aggregate: async () => [], collection: async () => [] });
const limits = defaultLimits;

/** the errors a document meets before graphql-js's own validation: thrown by parsing, or reported by the limit rules */
function refusal(query: string): readonly { message: string; extensions: Record<string, unknown>; locations?: unknown }[] {
  try {
    return documentLimitErrors(schema, parseWithinLimits(query, limits), limits).map((e) => e.toJSON() as never);
  } catch (e) {
    if (!(e instanceof GraphQLError)) throw e;
    return [e.toJSON() as never];
  }
}

const repeat = (n: number, open: string, inner: string, close: string): string => open.repeat(n) + inner + close.repeat(n);
const doubling = (levels: number): string => {
  const frags = ['fragment F0 on ProductAggregateRow { count(field: id) }'];
  for (let i = 1; i <= levels; i++) frags.push(`fragment F${i} on ProductAggregateRow { ...F${i - 1} ...F${i - 1} }`);
  return `{ aggregate_product { ...F${levels} } } ${frags.join('\n')}`;
};

describe('nesting pre-scan', () => {
  it('finds the first bracket deeper than the limit, outside strings, block strings and comments', () => {
    expect(deepestBracket('{ a { b } }', 2)).toBe(-1);
    expect(deepestBracket('{ a { b { c } } }', 2)).toBe(8);
    expect(deepestBracket(`{ a(s: "${'{'.repeat(100)}") }`, 3)).toBe(-1);
    expect(deepestBracket(`{ a(s: """${'['.repeat(100)} \\""" ((( """) }`, 3)).toBe(-1);
    expect(deepestBracket(`{ a # ${'('.repeat(100)}\n }`, 3)).toBe(-1);
    expect(deepestBracket(`{ a(s: "\\"{{{{") }`, 3)).toBe(-1);
  });

  it.each([
    ['a where 5,000 deep', `{ aggregate_product(where: ${repeat(5000, '{not: ', '{}', '}')}) { count(field: id) } }`],
    ['a where 600 deep', `{ aggregate_product(where: ${repeat(600, '{not: ', '{}', '}')}) { count(field: id) } }`],
    ['and/or 5,000 deep', `{ aggregate_product(where: ${repeat(5000, '{and: [', '{}', ']}')}) { count(field: id) } }`],
    ['a list literal 5,000 deep', `{ aggregate_product(groupBy: ${repeat(5000, '[', '', ']')}) { count(field: id) } }`],
    ['selections 5,000 deep', repeat(5000, '{ a ', '', '}')],
  ])('refuses %s before parsing, naming limits.maxDepth, with its location', (_name, query) => {
    const [err] = refusal(query);
    expect(err).toMatchObject({ message: 'Document nesting: over limits.maxDepth (64)', extensions: { code: 'LIMIT_EXCEEDED', limit: 'limits.maxDepth', max: 64 } });
    expect(err!.locations).toEqual([{ line: 1, column: expect.any(Number) }]);
  });

  it('lets a where nested within the limit through to validation', () => {
    expect(refusal(`{ aggregate_product(where: ${repeat(40, '{not: ', '{}', '}')}) { count(field: id) } }`)).toEqual([]);
  });
});

describe('tokens', () => {
  it('refuses 10,000 aliases at the token limit, while parsing', () => {
    const query = `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: aggregate_product { count(field: id) }`).join(' ')} }`;
    expect(refusal(query)).toEqual([{ message: 'Document tokens: over limits.graphql.maxTokens (5000)', locations: [{ line: 1, column: expect.any(Number) }], extensions: { code: 'LIMIT_EXCEEDED', limit: 'limits.graphql.maxTokens', max: 5000 } }]);
  });
});

describe('graphql-armor rules', () => {
  it('refuses fragments that double at each level (30 levels) by counting each fragment once', { timeout: 5000 }, () => {
    const query = doubling(30);
    expect(query.length).toBeLessThan(2000);
    // graphql-armor's cost: 1 per field, per spread and per fragment body, F_i = 2 + 2 × F_(i-1): counted, never expanded
    expect(refusal(query)).toEqual([{ message: `Selections after fragment expansion (${5 * 2 ** 30 - 1}): over limits.graphql.maxFields (2000)`, extensions: { code: 'LIMIT_EXCEEDED', limit: 'limits.graphql.maxFields', max: 2000 } }]);
  });

  it('accepts a few levels of doubling under the limit', () => {
    expect(refusal(doubling(5))).toEqual([]);
  });

  it('refuses aliases over limits.graphql.maxAliases, counting aliases inside fragments per use', () => {
    const many = Array.from({ length: 65 }, (_, i) => `a${i}: count(field: id)`).join(' ');
    expect(refusal(`{ aggregate_product { ${many} } }`)[0]).toMatchObject({ message: 'Aliases (65): over limits.graphql.maxAliases (64)', extensions: { code: 'LIMIT_EXCEEDED', limit: 'limits.graphql.maxAliases' } });
    const row = (n: number): string => Array.from({ length: n }, (_, i) => `a${i}: count(field: id)`).join(' ');
    const thrice = (n: number): string => `{ x: aggregate_product { ...R } y: aggregate_product { ...R } z: aggregate_product { ...R } } fragment R on ProductAggregateRow { ${row(n)} }`;
    expect(refusal(thrice(20))).toEqual([]);
    expect(refusal(thrice(21))[0]?.message).toBe('Aliases (66): over limits.graphql.maxAliases (64)');
  });

  it('refuses a deep introspection query, and accepts the standard one', () => {
    const deep = `{ __schema { types { fields { type { ${repeat(20, 'ofType { ', 'name', ' }')} } } } } }`;
    expect(refusal(deep)).toEqual([{ message: 'Selection depth (25): over limits.graphql.maxDepth (16)', extensions: { code: 'LIMIT_EXCEEDED', limit: 'limits.graphql.maxDepth', max: 16 } }]);
    expect(refusal(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }))).toEqual([]);
  });

  it('counts depth through fragments', () => {
    const frag = `fragment D on __Type { ${repeat(14, 'ofType { ', 'name', ' }')} }`;
    expect(refusal(`{ __schema { types { ...D } } } ${frag}`)[0]?.extensions).toMatchObject({ limit: 'limits.graphql.maxDepth' });
  });
});
