/**
 * `associations`: what each record carries of its associations, as the Admin API prints it (not
 * loaded: null; loaded: the related records with their apiAlias; a to-many association's own
 * criteria choosing and ordering its elements). Expected answers from plain code over the fixture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, inSet, setFilter } from './fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const set = setFilter;
const es = inSet('es-product');
const byId = new Map(es.map((p) => [p.id as string, p]));
const search = async (body: object) => {
  const res = await proxy.post('/api/search/product', { filter: [set('es-product')], sort: [{ field: 'id', order: 'ASC' }], ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { data: Record<string, any>[] }).data;
};

describe('shopware associations', () => {
  it('an association not asked for is null; tax is autoloaded; a loaded one carries its apiAlias', async () => {
    const plain = await search({ limit: 5 });
    for (const row of plain) {
      expect(row.manufacturer).toBeNull();
      expect(row.categories).toBeNull();
      const tax = byId.get(row.id)?.tax;
      expect(row.tax).toEqual(tax ? { ...tax, apiAlias: 'tax' } : null);
    }
    const loaded = await search({ limit: 5, associations: { manufacturer: {}, categories: [] } });
    for (const row of loaded) {
      const p = byId.get(row.id) as Record<string, any>;
      expect(row.manufacturer).toEqual(p.manufacturer ? { ...p.manufacturer, apiAlias: 'product_manufacturer' } : null);
      expect(row.categories).toEqual((p.categories ?? []).map((c: object) => ({ ...c, apiAlias: 'category' })));
    }
  });

  it("a to-many association's filter, sort, limit and page choose its elements per record", async () => {
    const rows = await search({
      associations: { categories: { filter: [{ type: 'prefix', field: 'category.name', value: 'C' }], sort: [{ field: 'name', order: 'DESC' }], limit: 1, page: 2 } },
      includes: { product: ['id', 'categories'], category: ['name'] },
    });
    expect(rows.length).toBe(es.length);
    let some = 0;
    for (const row of rows) {
      const names = ((byId.get(row.id)?.categories ?? []) as { name: string }[])
        .map((c) => c.name)
        // MySQL compares case-insensitively
        .filter((n) => n.toLowerCase().startsWith('c'))
        .sort()
        .reverse()
        .slice(1, 2);
      if (names.length > 0) some++;
      expect(row.categories).toEqual(names.map((name) => ({ name, apiAlias: 'category' })));
    }
    expect(some).toBeGreaterThan(0);
  });

  it('an embedded association of an association loads with it', async () => {
    const rows = await search({ limit: 50, associations: { properties: { associations: { group: {} } } }, includes: { product: ['id', 'properties'] } });
    const withProps = rows.filter((r) => (byId.get(r.id)?.properties ?? []).length > 0);
    expect(withProps.length).toBeGreaterThan(0);
    for (const row of withProps) expect(row.properties.map((o: any) => o.group.key).length).toBe(byId.get(row.id)?.properties.length);
  });

  it.each([
    ['an unknown association', { associations: { nope: {} } }, '/associations/nope', 'FRAMEWORK__ASSOCIATION_NOT_FOUND'],
    ['an unknown association of an association', { associations: { properties: { associations: { nope: {} } } } }, '/associations/properties/associations/nope', 'FRAMEWORK__ASSOCIATION_NOT_FOUND'],
    ['paging a to-one association', { associations: { manufacturer: { limit: 1 } } }, '/associations/manufacturer', 'AGGPROXY__UNSUPPORTED_PARAMETER'],
    ['an unknown key in an association criteria', { associations: { categories: { term: 'x' } } }, '/associations/categories/term', 'FRAMEWORK__INVALID_CRITERIA_PARAMETER'],
    ['a bad limit', { associations: { categories: { limit: 0 } } }, '/associations/categories/limit', 'FRAMEWORK__INVALID_LIMIT_QUERY'],
  ])('%s is a 400 naming it', async (_label, body, pointer, code) => {
    const res = await proxy.post('/api/search/product', { limit: 1, ...body });
    expect(res.status).toBe(400);
    const errors = (res.body as { errors: { code: string; source?: { pointer?: string } }[] }).errors;
    expect(errors.map((e) => [e.code, e.source?.pointer])).toContainEqual([code, pointer]);
  });

  it('an unknown field in an association filter is a 400 at its pointer', async () => {
    const res = await proxy.post('/api/search/product', { limit: 1, associations: { categories: { filter: [{ type: 'equals', field: 'nope', value: 1 }] } } });
    expect(res.status).toBe(400);
    expect((res.body as any).errors[0].source.pointer).toBe('/associations/categories/filter/0/field');
  });
});
