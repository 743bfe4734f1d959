/**
 * Pattern queries as the engine-side guard sees them (src/policy/engine-guard.ts): which string of
 * a pattern query is the pattern, how long it is, and how it is made safe before it is sent.
 */
import type { Limits } from './limits.js';
import { limitError } from './refuse.js';

/** Query types whose string becomes an automaton or a prefix scan at the engine. */
export const PATTERN_QUERIES = new Set(['wildcard', 'prefix', 'regexp', 'fuzzy', 'match_phrase_prefix', 'query_string', 'simple_query_string']);

/** Where the pattern is in a `{ field: { ... } }` spec, per query type (the short form `{ field: "…" }` is the pattern itself). */
const PATTERN_KEYS: Readonly<Record<string, readonly string[]>> = {
  wildcard: ['value', 'wildcard'],
  prefix: ['value'],
  regexp: ['value'],
  fuzzy: ['value'],
  match_phrase_prefix: ['query'],
};

/**
 * Checks and rewrites one pattern query's body (`q` is the value under the query type, already a
 * copy the caller owns). Returns nothing: the copy is changed in place.
 */
export function guardPattern(type: string, q: Record<string, unknown>, limits: Limits): void {
  if (type === 'query_string' || type === 'simple_query_string') {
    // one query string for all its fields
    if (typeof q.query === 'string') checkPatternLength(type, q.query, limits);
    return;
  }
  for (const [field, spec] of Object.entries(q)) {
    if (typeof spec === 'string') {
      checkPatternLength(type, spec, limits);
      q[field] = rewriteShort(type, spec, limits);
      continue;
    }
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) continue;
    const s = spec as Record<string, unknown>;
    const keys = PATTERN_KEYS[type] ?? [];
    const key = keys.find((k) => typeof s[k] === 'string');
    if (key === undefined) continue;
    const pattern = s[key] as string;
    checkPatternLength(type, pattern, limits);
    if (type === 'wildcard') s[key] = collapseStars(pattern);
    // a regexp query is a regexp only with a string pattern; the bound keeps its automaton small
    if (type === 'regexp' && s.max_determinized_states === undefined) s.max_determinized_states = limits.maxDeterminizedStates;
  }
}

/** The short forms `{ regexp: { f: "…" } }` / `{ wildcard: { f: "…" } }` become long ones to carry the rewrite. */
function rewriteShort(type: string, pattern: string, limits: Limits): unknown {
  if (type === 'wildcard') return collapseStars(pattern);
  if (type === 'regexp') return { value: pattern, max_determinized_states: limits.maxDeterminizedStates };
  return pattern;
}

export function checkPatternLength(type: string, pattern: string, limits: Limits): void {
  // checked before anything else touches the string: a million characters are refused in O(n)
  const n = type === 'wildcard' ? wildcardLength(pattern, limits.maxPatternLength) : pattern.length;
  if (n > limits.maxPatternLength) throw limitError('maxPatternLength', limits.maxPatternLength, `a ${type} pattern is longer than allowed`);
}

/**
 * A wildcard's length as the client wrote it: an escaped character counts once (the proxy escapes
 * user text, which would double it), and `*` counts not at all (a run of them is one `*` after
 * collapsing, and a `contains` adds two the client never wrote). Stops counting past `stop`.
 */
export function wildcardLength(pattern: string, stop: number): number {
  let n = 0;
  for (let i = 0; i < pattern.length && n <= stop; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 0x5c /* \ */) {
      i++;
      n++;
    } else if (c !== 0x2a /* * */) n++;
  }
  return n;
}

/**
 * Runs of an unescaped wildcard (`*` in engine wildcard queries, `%` in LIKE patterns) as one: the
 * same language, but a linear automaton instead of one the engine takes seconds and gigabytes to
 * determinize (`%` × 10,000 in a LIKE killed the engine). A backslash escapes the next character.
 */
export function collapseWildcardRuns(pattern: string, wildcard: '*' | '%'): string {
  if (!pattern.includes(wildcard + wildcard)) return pattern;
  let out = '';
  let inRun = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\') {
      out += pattern.slice(i, i + 2);
      i++;
      inRun = false;
    } else if (ch === wildcard) {
      if (!inRun) out += ch;
      inRun = true;
    } else {
      out += ch;
      inRun = false;
    }
  }
  return out;
}

/** Runs of unescaped `*` as one `*` (engine wildcard queries). */
export const collapseStars = (pattern: string): string => collapseWildcardRuns(pattern, '*');
