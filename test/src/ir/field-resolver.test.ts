/**
 * The one field resolver: a dataset's public names (aliases, `id`) and to-many relations for the
 * dialects that have them, the checks per use for translators and compiler alike; the IR's own
 * lookups are strict index paths, so no name is redirected twice.
 */
import { describe, expect, it } from 'vitest';
import { FieldResolver, resolveIndexField } from '../../../src/ir/field-resolver.js';
import { findField, lookupField, schemaFromMapping } from '../../../src/ir/schema.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';

const properties = {
  title: { type: 'text', fields: { raw: { type: 'keyword' } } },
  amount: { type: 'double' },
  productId: { type: 'keyword' },
  categories: { type: 'nested', properties: { id: { type: 'keyword' } } },
} as never;
const schema = schemaFromMapping('shop', properties);

const kindOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (e) {
    return e instanceof ProxyError ? e.detail.kind : 'other';
  }
  return undefined;
};

describe('field resolver', () => {
  it('resolves a public name through the dataset aliases, nothing through the prototype', () => {
    const r = new FieldResolver(schema, { aliases: { price: 'amount', amount: 'title' } });
    expect(r.find('price')?.path).toBe('amount');
    // one step only: an alias naming another alias's key is not followed
    expect(r.find('amount')?.path).toBe('title');
    expect(new FieldResolver(schema, { aliases: {} }).find('constructor')).toBeUndefined();
    expect(r.find('toString')).toBeUndefined();
    expect(kindOf(() => r.field('nope', '/x'))).toBe('unknown_field');
  });

  it('keeps the IR lookups strict: index paths only', () => {
    expect(findField(schema, 'amount')?.path).toBe('amount');
    expect(findField(schema, 'price')).toBeUndefined();
    expect(kindOf(() => lookupField(schema, 'nope', '/x'))).toBe('unknown_field');
  });

  it('checks each use: exact values through the keyword sub-field, numbers, dates', () => {
    expect(resolveIndexField(schema, 'title', 'group').target).toBe('title.raw');
    expect(new FieldResolver(schema, { aliases: { price: 'amount' } }).forUse('price', 'numeric').target).toBe('amount');
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
});
