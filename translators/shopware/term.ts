/**
 * `term` → score queries, in the shape of Shopware's EntityScoreQueryBuilder: for the whole term
 * and for each of its tokens, on each searchable field with its ranking, an `equals` scoring the
 * ranking and a `contains` scoring half of it; a record must match one, its score is the sum.
 * The searchable fields and rankings are the dataset's `searchFields` (Shopware's search config).
 * Shopware's keyword dictionary (which rescales token scores) has no counterpart: every token scores 1.
 */
import { ProxyError } from '../../src/errors/proxy-error.js';
import { CODES } from './parse.js';
import type { ScoreQuery } from '../../src/ir/documents.js';
import { indexField, type EntityContext } from './fields.js';

/** Shopware's tokenizer drops shorter tokens (its default minimum length) */
const MIN_TOKEN = 3;

export function tokenize(term: string): string[] {
  const tokens = term
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length >= MIN_TOKEN);
  return [...new Set(tokens)];
}

export function termQueries(ctx: EntityContext, term: string): ScoreQuery[] {
  const fields = Object.entries(ctx.dataset.searchFields ?? {});
  if (fields.length === 0) {
    throw new ProxyError({ kind: 'invalid_request', message: `Full-text search ("term") is not configured for "${ctx.entity}": its dataset names no searchFields.`, at: { pointer: '/term' }, rule: CODES.unsupported });
  }
  // the whole term and each token score on their own, also when the term is one token
  const words = [term.toLowerCase(), ...tokenize(term)];
  const out: ScoreQuery[] = [];
  for (const [field, ranking] of fields) {
    // a configured field the index lacks is the operator's mistake, named with the term's pointer
    const path = indexField(ctx, field, '/term');
    for (const value of words) {
      // MySQL compares with a case-insensitive collation: equality is a LIKE without wildcards
      out.push({ filter: { kind: 'like', field: path, pattern: escapeLike(value), caseInsensitive: true, origin: '/term' }, score: ranking });
      out.push({ filter: { kind: 'substring', field: path, position: 'contains', value, caseInsensitive: true, origin: '/term' }, score: ranking * 0.5 });
    }
  }
  return out;
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => '\\' + c);
