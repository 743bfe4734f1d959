/** Which levels join a to-many association per element, their element filter, and the hops a metric takes. */
import { describe, expect, it } from 'vitest';
import { elementFilter, levelJoin, metricHops } from '../../../src/compiler/joins.js';
import { compile } from '../../../src/compiler/compile.js';
import { read } from '../../../src/reader/read.js';
import { schemaFromMapping } from '../../../src/ir/schema.js';
import { ALL_CAPABILITIES } from '../../../src/backend/capabilities.js';
import type { AggQuery, GroupKey, Predicate } from '../../../src/ir/nodes.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';

const schema = schemaFromMapping('s', {
  price: { type: 'double' },
  maker: { type: 'keyword' },
  cats: { type: 'nested', include_in_parent: true, properties: { id: { type: 'keyword' }, name: { type: 'keyword' } } },
  tags: { type: 'nested', properties: { id: { type: 'keyword' }, rank: { type: 'long' } } },
} as never);
const scope = { schema, caps: ALL_CAPABILITIES };
const terms = (field: string, name = field): GroupKey => ({ kind: 'terms', name, field, missing: 'group' });
const eq = (field: string, value: string): Predicate => ({ kind: 'term', field, value });

describe('joins', () => {
  it('knows each field\'s nested path and whether the mapping copies it to the document', () => {
    expect(schema.fields.get('cats.id')).toMatchObject({ nested: 'cats', inParent: true });
    expect(schema.fields.get('tags.id')).toMatchObject({ nested: 'tags' });
    expect(schema.fields.get('tags.id')?.inParent).toBeUndefined();
    expect(schema.fields.get('maker')?.nested).toBeUndefined();
  });

  it('groups on the flat copy for one key of an association, per element for two, a condition on it or a metric over it', () => {
    expect(levelJoin([terms('maker'), terms('cats.id')], [], undefined, scope)).toBeUndefined();
    expect(levelJoin([terms('cats.id'), terms('cats.name')], [], undefined, scope)).toEqual({ path: 'cats', orphans: true });
    expect(levelJoin([terms('cats.id')], [], eq('cats.name', 'x'), scope)).toEqual({ path: 'cats', elements: eq('cats.name', 'x'), orphans: false });
    expect(levelJoin([terms('cats.id')], [{ kind: 'max', name: 'm', field: 'cats.name' }], undefined, scope)?.path).toBe('cats');
    // not copied to the document: per element even for one key
    expect(levelJoin([terms('tags.id')], [], undefined, scope)?.path).toBe('tags');
  });

  it('refuses a per-element grouping together with a field outside the association', () => {
    expect(() => levelJoin([terms('cats.id'), terms('cats.name'), terms('maker')], [], undefined, scope)).toThrow(ProxyError);
    expect(() => levelJoin([terms('tags.id'), terms('maker')], [], undefined, scope)).toThrow(/maker/);
  });

  it('keeps as element filter only the conjuncts that speak of the association alone', () => {
    const f: Predicate = { kind: 'and', operands: [eq('cats.name', 'x'), eq('maker', 'm'), { kind: 'or', operands: [eq('cats.id', 'a'), eq('maker', 'n')] }] };
    expect(elementFilter(f, 'cats', schema)).toEqual(eq('cats.name', 'x'));
    expect(elementFilter(f, 'tags', schema)).toBeUndefined();
  });

  it('hops back to the document for its own fields and into another association with that one\'s element filter', () => {
    const avg = { kind: 'avg', name: 'a', field: 'price' } as const;
    expect(metricHops(avg, 'cats', undefined, scope).via).toEqual(['x']);
    const rank = { kind: 'max', name: 'r', field: 'tags.rank' } as const;
    const hops = metricHops(rank, 'cats', eq('tags.id', 't'), scope);
    expect(hops.via).toEqual(['nested', 'elements', 'x']);
    expect(hops.wrap?.({ max: { field: 'tags.rank' } })).toEqual({
      reverse_nested: {},
      aggs: { nested: { nested: { path: 'tags' }, aggs: { elements: { filter: { term: { 'tags.id': 't' } }, aggs: { x: { max: { field: 'tags.rank' } } } } } } },
    });
    expect(metricHops(avg, undefined, undefined, scope)).toEqual({ within: undefined });
  });

  it('compiles a joined level under a nested aggregation and reads its rows, the LEFT JOIN row of nulls included', () => {
    const q: AggQuery = {
      kind: 'AggQuery',
      dataset: 's',
      levels: [{ keys: [terms('cats.id', 'id'), terms('cats.name', 'name')], metrics: [{ kind: 'avg', name: 'p', field: 'price' }], post: [], order: [], offset: 0, limit: null }],
    };
    const c = compile(q, { index: 'i', schema, caps: ALL_CAPABILITIES, compositePageSize: 100 });
    expect(c.scans.map((s) => [s.kind, s.under])).toEqual([['composite', 'join'], ['fixed', undefined]]);
    const bucket = (id: string, n: number, p: number) => ({ key: { k0: id, k1: id.toUpperCase() }, doc_count: n, m0: { doc_count: n, x: { value: p } } });
    const table = read(c.plan, [
      { kind: 'rows', level: 0, fixed: {}, total: 3, buckets: [bucket('a', 2, 10), bucket('b', 1, 20)] },
      { kind: 'row', level: 0, fixed: { id: null, name: null }, total: 1, aggs: { m0: { value: 5 } } },
    ]);
    expect(table.rows.map((r) => [r.keys.id, r.keys.name, r.count, r.values.p])).toEqual([
      ['a', 'A', 2, 10],
      ['b', 'B', 1, 20],
      [null, null, 1, 5],
    ]);
  });
});
