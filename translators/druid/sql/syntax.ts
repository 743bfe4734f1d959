/**
 * Druid SQL text → the parse tree of `druid-query-toolkit` (the parser of Druid's web console),
 * with Druid's wording for a syntax error and the line and column of the offending token. The tree
 * keeps each node's exact source text, which is how a later error finds a node's position.
 */
import { LRUCache } from 'lru-cache';
import { SqlQuery, type SqlBase } from 'druid-query-toolkit';
import { ProxyError } from '../../../src/errors/proxy-error.js';
import { position } from '../expr-parse.js';

export type Position = ReturnType<typeof position>;

/** A problem of the SQL text at `offset`, in Druid's words: "... (line [l], column [c])". */
export function sqlError(message: string, text: string, offset: number, rule = 'invalidInput'): ProxyError {
  const p = position(text, Math.max(0, offset));
  return new ProxyError({ kind: 'invalid_request', message: `${message} (line [${p.line}], column [${p.column}])`, at: { pointer: '/query', position: p }, rule });
}

/** Where in the SQL text a node sits: the first place its own text appears (at or after `from`). */
export function offsetOf(text: string, node: SqlBase | undefined, from = 0): number {
  if (!node) return from;
  const i = text.indexOf(node.toString(), from);
  return i < 0 ? text.indexOf(node.toString()) : i;
}

/** A construct the proxy does not run: a 400 naming it, at its position. */
export function unsupportedError(what: string, text: string, node: SqlBase | undefined): ProxyError {
  return sqlError(`${what} is not supported by this Druid SQL endpoint`, text, offsetOf(text, node), 'unsupported');
}

export function unsupported(what: string, text: string, node: SqlBase | undefined): never {
  throw unsupportedError(what, text, node);
}

interface PeggyError {
  readonly location: { readonly start: Position };
  readonly found: string | null;
  readonly expected: readonly { readonly type: string; readonly text?: string; readonly description?: string }[] | null;
}

const isPeggy = (e: unknown): e is PeggyError => typeof e === 'object' && e !== null && 'location' in e && 'expected' in e;

/**
 * Runs a walk over the tree; one too deep for the stack (a chain of thousands of NOTs parses, flat,
 * but every walk over it recurses) is a 400, never a 500.
 */
export function withinDepth<T>(text: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof RangeError) throw sqlError('The query is nested too deeply to plan', text, 0, 'limit');
    throw e;
  }
}

/** Parentheses nested deeper than this are refused before parsing (the parser recurses on them). */
const MAX_NESTING = 64;

/**
 * Parsed trees of recent query texts: parsing is most of a SQL request's own cost (~1 ms), dashboards
 * repeat the same texts, and the toolkit's trees are immutable. Only short texts are kept.
 */
const PARSED = new LRUCache<string, SqlQuery>({ max: 500 });
const CACHEABLE_CHARS = 4096;

export function parseSqlText(text: string): SqlQuery {
  const hit = PARSED.get(text);
  if (hit) return hit;
  const tree = parseUncached(text);
  if (text.length <= CACHEABLE_CHARS) PARSED.set(text, tree);
  return tree;
}

function parseUncached(text: string): SqlQuery {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (depth > MAX_NESTING) throw sqlError(`Parentheses nested deeper than ${MAX_NESTING} levels`, text, i, 'limit');
  }
  try {
    return SqlQuery.parse(text);
  } catch (e) {
    if (isPeggy(e)) {
      const at = e.location.start.offset;
      const token = e.found === null ? 'end of input' : text.slice(at).match(/^\S+/)?.[0] ?? e.found;
      // the grammar's literal tokens are what a user can type; character classes and whitespace say nothing
      const options = [...new Set((e.expected ?? []).filter((x) => x.type === 'literal' && x.text).map((x) => x.text as string))].slice(0, 12);
      throw sqlError(`Received an unexpected token [${token}]${options.length ? `, acceptable options: [${options.join(', ')}]` : ''}`, text, at, 'sqlParseError');
    }
    if (e instanceof RangeError) throw sqlError('The query is too deeply nested to parse', text, 0, 'limit');
    throw sqlError(e instanceof Error ? e.message : 'The query could not be parsed', text, 0, 'sqlParseError');
  }
}
