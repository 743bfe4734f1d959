/**
 * Bounds on a GraphQL document, checked before it is validated or executed:
 * - nesting (`{`, `[`, `(`) ≤ limits.maxDepth, by a character scan BEFORE parsing: graphql-js's
 *   parser is recursive and overflows the stack near 2,000 levels of list or object literals,
 *   even under its token limit;
 * - tokens ≤ limits.graphql.maxTokens, by graphql-armor's max-tokens parser (a graphql-js Parser
 *   counting the lexer's tokens, stopping at the first one over; its refusal reported as ours);
 * - selection depth, aliases and selections after fragment expansion by graphql-armor's rules,
 *   run in a validation pass of their own before graphql-js's rules: its overlapping-fields rule
 *   takes exponential time on fragments that double at each level. The armor rules memoise per
 *   fragment (a spread costs what its fragment costs, times its uses), so 2^30 selections are
 *   counted in microseconds without expanding the tree.
 */
import { GraphQLError, Source, validate, type DocumentNode, type GraphQLSchema, type ValidationContext } from 'graphql';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import type { Limits, LimitName } from '../../src/policy/limits.js';
import { limitError } from '../../src/policy/refuse.js';

export const LIMIT_EXCEEDED = 'LIMIT_EXCEEDED';

/** A refusal in GraphQL's error shape, worded like every other dialect's `limit` error. */
export function documentLimitError(name: LimitName, max: number, what: string, at?: { source: Source; position: number }): GraphQLError {
  const d = limitError(name, max, what).detail as { limit: string; message: string };
  return new GraphQLError(d.message, {
    ...(at ? { source: at.source, positions: [at.position] } : {}),
    extensions: { code: LIMIT_EXCEEDED, limit: d.limit, max },
  });
}

const OPEN = new Set(['{', '[', '(']);
const CLOSE = new Set(['}', ']', ')']);

/**
 * Offset of the first bracket nested deeper than `max`, or -1. Skips strings, block strings and
 * comments; anything malformed is left for the parser to report.
 */
export function deepestBracket(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (OPEN.has(c)) {
      if (++depth > max) return i;
    } else if (CLOSE.has(c)) {
      if (depth > 0) depth--;
    } else if (c === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
    } else if (c === '"') {
      if (text.startsWith('""', i + 1)) {
        // block string: ends at the first `"""` not escaped as `\"""`
        i += 3;
        while (i < text.length && !(text.startsWith('"""', i) && text[i - 1] !== '\\')) i++;
        i += 2;
      } else {
        i++;
        while (i < text.length && text[i] !== '"' && text[i] !== '\n' && text[i] !== '\r') i += text[i] === '\\' ? 2 : 1;
      }
    }
  }
  return -1;
}

/** Parses `query` within the nesting and token limits; a GraphQLError (syntax or limit) otherwise. */
export function parseWithinLimits(query: string, limits: Limits): DocumentNode {
  const source = new Source(query);
  const deep = deepestBracket(query, limits.maxDepth);
  if (deep >= 0) throw documentLimitError('maxDepth', limits.maxDepth, 'Document nesting', { source, position: deep });
  const max = limits.graphql.maxTokens;
  let over = false;
  // armor counts a token as it is read, so the refusal comes before the rest is parsed. The package
  // is CommonJS and loads graphql's CommonJS build: it gets the text (a Source of ours would be
  // "from another realm") and its errors are read by shape, then answered as ours.
  const parser = new MaxTokensParserWLexer(query, { n: max, propagateOnRejection: true, onReject: [() => { over = true; }] });
  try {
    return parser.parseDocument();
  } catch (e) {
    const position = errorPosition(e);
    if (over) throw documentLimitError('graphql.maxTokens', max, 'Document tokens', { source, position: position ?? lastTokenStart(parser) });
    if (e instanceof Error && e.name === 'GraphQLError') {
      return rethrowSyntax(e.message, source, position);
    }
    throw e;
  }
}

function errorPosition(e: unknown): number | undefined {
  const p = (e as { positions?: unknown }).positions;
  return Array.isArray(p) && typeof p[0] === 'number' ? p[0] : undefined;
}

function rethrowSyntax(message: string, source: Source, position: number | undefined): never {
  throw new GraphQLError(message, position === undefined ? {} : { source, positions: [position] });
}

/** Where the token over the limit starts (the lexer's current token), for the error's location. */
function lastTokenStart(parser: MaxTokensParserWLexer): number {
  const lexer = (parser as unknown as { _lexer: { token: { start: number } } })._lexer;
  return lexer.token.start;
}

const found = (message: string): string => /found (\d+(?:\.\d+)?)/.exec(message)?.[1] ?? 'too many';

/** graphql-armor's rules, reporting a `LIMIT_EXCEEDED` error instead of throwing their own. */
function armorRules(limits: Limits) {
  const report = (name: LimitName, max: number, what: string) => [
    (ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(documentLimitError(name, max, `${what} (${found(err.message)})`)),
  ];
  const g = limits.graphql;
  return [
    // introspection counts too: `__schema { types { fields { type { ofType … } } } }` is the classic deep query
    maxDepthRule({ n: g.maxDepth, ignoreIntrospection: false, flattenFragments: true, propagateOnRejection: false, onReject: report('graphql.maxDepth', g.maxDepth, 'Selection depth') }),
    maxAliasesRule({ n: g.maxAliases, propagateOnRejection: false, onReject: report('graphql.maxAliases', g.maxAliases, 'Aliases') }),
    // every selection (field, spread or inline fragment) costs 1, whatever its depth: the count after expansion
    costLimitRule({
      maxCost: g.maxFields, objectCost: 1, scalarCost: 1, depthCostFactor: 1, flattenFragments: true, ignoreIntrospection: false,
      propagateOnRejection: false, onReject: report('graphql.maxFields', g.maxFields, 'Selections after fragment expansion'),
    }),
  ];
}

/** The document-limit errors of a parsed document (empty when within every limit). */
export function documentLimitErrors(schema: GraphQLSchema, document: DocumentNode, limits: Limits): readonly GraphQLError[] {
  return validate(schema, document, armorRules(limits));
}
