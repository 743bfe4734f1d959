/** Criteria keys the dialect does not implement are refused by name, never ignored; `excludes` trims each entity. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures } from './fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const post = (body: object) => proxy.post('/api/search/product', body);

describe('shopware criteria keys', () => {
  it.each([
    ['grouping by a to-many field', { grouping: ['categories.id'] }, '/grouping/0'],
    ['grouping by an unknown field', { grouping: ['nope'] }, '/grouping/0'],
    ['grouping that is no list', { grouping: 'manufacturerId' }, '/grouping'],
    ['partial loading of an unknown field', { fields: ['nope'] }, '/fields/0'],
    ['partial loading of an unknown association field', { fields: ['manufacturer.nope'] }, '/fields/0'],
    ['an association', { associations: { nope: {} } }, '/associations/nope'],
    ['an unknown key', { limt: 5 }, '/limt'],
  ])('refuses %s with a 400 naming it', async (_label, body, pointer) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const errors = (res.body as { errors: { source?: { pointer?: string }; status: string }[] }).errors;
    expect(errors.map((e) => e.source?.pointer)).toContain(pointer);
    expect(errors.every((e) => e.status === '400')).toBe(true);
  });

  it('accepts empty grouping, fields and associations (they change nothing)', async () => {
    const res = await post({ limit: 1, grouping: [], fields: [], associations: {} });
    expect(res.status).toBe(200);
  });

  it('fields loads only the named fields and id, and of an association only its named fields and id', async () => {
    const res = await post({ limit: 3, filter: [{ type: 'equals', field: 'fixtureSet', value: 'es-product' }], sort: [{ field: 'id', order: 'ASC' }], fields: ['name', 'manufacturer.name'] });
    expect(res.status).toBe(200);
    const data = (res.body as { data: Record<string, any>[] }).data;
    expect(data.length).toBe(3);
    for (const row of data) {
      expect(Object.keys(row).sort()).toEqual(['apiAlias', 'id', 'manufacturer', 'name']);
      if (row.manufacturer !== null) expect(Object.keys(row.manufacturer).sort()).toEqual(['apiAlias', 'id', 'name']);
    }
  });

  it('excludes removes the named fields from each entity, after includes', async () => {
    const res = await post({ limit: 3, includes: { product: ['id', 'name', 'stock'] }, excludes: { product: ['stock'] } });
    expect(res.status).toBe(200);
    const data = (res.body as { data: Record<string, unknown>[] }).data;
    expect(data.length).toBe(3);
    for (const row of data) {
      expect(row).not.toHaveProperty('stock');
      expect(row).toHaveProperty('id');
    }
  });
});
