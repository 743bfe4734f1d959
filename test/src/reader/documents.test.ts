/** Documents pages: chosen association elements from inner hits, and no silent cut when all were asked for. */
import { describe, expect, it } from 'vitest';
import { readDocuments } from '../../../src/reader/documents.js';
import { compileDocuments } from '../../../src/compiler/documents.js';
import { schemaFromMapping } from '../../../src/ir/schema.js';
import { SCORE_SORT, type DocumentsQuery } from '../../../src/ir/documents.js';
import type { SearchResponse } from '../../../src/backend/engine-client.js';

const schema = schemaFromMapping('s', { id: { type: 'keyword' }, cats: { type: 'nested', properties: { name: { type: 'keyword' } } } } as never);
const base: DocumentsQuery = { kind: 'DocumentsQuery', dataset: 's', sort: [], offset: 0, limit: 10, fields: null, exactTotal: true };
const response = (hits: unknown[]): SearchResponse => ({ hits: { total: { value: hits.length, relation: 'eq' }, hits } }) as unknown as SearchResponse;

describe('documents', () => {
  it('asks scores as constant-score clauses and elements as inner hits that score nothing, neither changing the match', () => {
    const body = compileDocuments(
      { ...base, sort: [{ field: SCORE_SORT, direction: 'desc', nulls: 'sql' }], scores: [{ filter: { kind: 'term', field: 'id', value: 'a' }, score: 3 }], elements: [{ path: 'cats', sort: [{ field: 'cats.name', direction: 'asc', nulls: 'sql' }], offset: 1, limit: 2 }], collapse: 'id' },
      schema,
    );
    expect(body.query).toEqual({
      bool: {
        filter: [{ match_all: {} }],
        should: [
          { constant_score: { filter: { term: { id: 'a' } }, boost: 3 } },
          { nested: { path: 'cats', query: { match_all: {} }, score_mode: 'none', inner_hits: { name: 'cats', from: 1, size: 2, sort: [{ 'cats.name': { order: 'asc', missing: '_first' } }] } } },
        ],
      },
    });
    expect(body.sort).toEqual([{ _score: { order: 'desc' } }]);
    expect(body.collapse).toEqual({ field: 'id' });
  });

  it('puts each document\'s chosen elements in place of all of them', () => {
    const q: DocumentsQuery = { ...base, elements: [{ path: 'cats', sort: [], offset: 0, limit: 1 }] };
    const page = readDocuments(response([{ _id: '1', _source: { id: '1', cats: [{ name: 'a' }, { name: 'b' }] }, inner_hits: { cats: { hits: { total: { value: 2 }, hits: [{ _source: { name: 'b' } }] } } } }]), q);
    expect(page.documents).toEqual([{ id: '1', cats: [{ name: 'b' }] }]);
  });

  it('refuses rather than cuts when every element was asked for and a document has more than the window', () => {
    const q: DocumentsQuery = { ...base, elements: [{ path: 'cats', sort: [], offset: 0, limit: null, origin: '/associations/cats' }] };
    const res = response([{ _source: {}, inner_hits: { cats: { hits: { total: { value: 150 }, hits: Array.from({ length: 100 }, () => ({ _source: {} })) } } } }]);
    expect(() => readDocuments(res, q)).toThrow(/more than 100 elements of cats/);
  });
});
