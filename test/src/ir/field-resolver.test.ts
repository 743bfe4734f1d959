/** The one field resolver: aliases, `id`, to-many relations and the checks per use, for translators and compiler alike. */
import { describe, expect, it } from 'vitest';
import { FieldResolver, resolveIndexField } from '../../../src/ir/field-resolver.js';
import { findField, lookupField, schemaFromMapping } from '../../../src/ir/schema.js';
import { compilePredicate } from '../../../src/compiler/predicates.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';

const properties = {
  title: { type: 'text', fields: { raw: { type: 'keyword' } } },
  amount: { type: 'double' },
  productId: { type: 'keyword' },
  categories: { type: 'nested', properties: { id: { type: 'keyword' } } },
} as never;
const schema = schemaFromMapping('shop', properties, { price: 'amount', constructor: 'title' });

const kindOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (e) {
    return e instanceof ProxyError ? e.detail.kind : 'other';
  }
  return undefined;
};

describe('field resolver', () => {
  it('finds a field by its path or by one of the dataset aliases, and nothing through the prototype', () => {
    expect(findField(schema, 'amount')?.path).toBe('amount');
    expect(findField(schema, 'price')?.path).toBe('amount');
    expect(findField(schema, 'constructor')?.path).toBe('title');
    expect(findField(schemaFromMapping('shop', properties), 'constructor')).toBeUndefined();
    expect(findField(schema, 'toString')).toBeUndefined();
    expect(kindOf(() => lookupField(schema, 'nope', '/x'))).toBe('unknown_field');
  });

  it('checks each use: exact values through the keyword sub-field, numbers, dates', () => {
    expect(resolveIndexField(schema, 'title', 'group').target).toBe('title.raw');
    expect(resolveIndexField(schema, 'price', 'numeric').target).toBe('amount');
    expect(kindOf(() => resolveIndexField(schema, 'title', 'numeric'))).toBe('field_type');
    expect(kindOf(() => resolveIndexField(schema, 'amount', 'date'))).toBe('field_type');
  });

  it('maps `id` to the dataset id field and knows the to-many relations', () => {
    const r = new FieldResolver(schema, { idField: 'productId', relations: { categoryIds: { path: 'categories', many: true }, tax: { path: 'tax' } } });
    expect(r.path('id')).toBe('productId');
    expect(r.forUse('id', 'exact').target).toBe('productId');
    expect(r.isToMany('categories.id')).toBe(true);
    expect(r.isToMany('categoryIds')).toBe(true);
    expect(r.isToMany('tax.rate')).toBe(false);
    expect(new FieldResolver(schema).path('id')).toBe('id');
  });

  it('lets the compiler ask the engine for the aliased field', () => {
    expect(compilePredicate({ kind: 'compare', op: 'gt', field: 'price', value: 3 } as never, schema)).toEqual(compilePredicate({ kind: 'compare', op: 'gt', field: 'amount', value: 3 } as never, schema));
  });
});
