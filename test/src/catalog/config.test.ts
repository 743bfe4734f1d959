import { describe, expect, it } from 'vitest';
import { buildConfig } from '../../../src/catalog/config.js';
import { Catalog } from '../../../src/catalog/catalog.js';
import { ANONYMOUS } from '../../../src/auth/access.js';

describe('configuration and exposure', () => {
  it.each(['logs-*', 'a,b', '.kibana', '_all', '../x', 'UPPER', ''])('refuses to expose %j', (index) => {
    expect(() => buildConfig({ datasets: { d: { index } } })).toThrow(/invalid configuration|plain index name/);
  });

  it('applies defaults and environment overrides', () => {
    const c = buildConfig({ datasets: { d: { index: 'sales-2024' } } }, { PORT: '9999', AGGPROXY_ENGINE_URL: 'http://e:9200' });
    expect(c.port).toBe(9999);
    expect(c.engine.url).toBe('http://e:9200');
    expect(c.limits.maxBuckets).toBeGreaterThan(0);
  });

  it('resolves only configured names', () => {
    const cat = new Catalog(buildConfig({ datasets: { sales: { index: 'sales-2024' } } }));
    expect(cat.resolve('sales', ANONYMOUS).index).toBe('sales-2024');
    for (const name of ['sales-2024', '__proto__', 'constructor', 'toString', '*']) expect(() => cat.resolve(name, ANONYMOUS)).toThrow(/not found/);
  });

  it('checks the auth section: exposed datasets only, filters on readable datasets, long keys, no key twice', () => {
    const datasets = { sales: { index: 'sales-2024' } };
    const tenant = (t: object) => buildConfig({ datasets, auth: { enabled: true, tenants: { a: { datasets: ['sales'], ...t } } } });
    expect(tenant({ apiKeys: ['k'.repeat(16)] }).auth.enabled).toBe(true);
    expect(() => tenant({ datasets: ['other'] })).toThrow(/dataset 'other' is not exposed/);
    expect(() => tenant({ filters: { other: { f: 1 } } })).toThrow(/a filter for 'other'/);
    expect(() => tenant({ apiKeys: ['short'] })).toThrow(/invalid configuration/);
    expect(() => buildConfig({ datasets, auth: { tenants: { a: { datasets: [], apiKeys: ['k'.repeat(16)] }, b: { datasets: [], apiKeys: ['k'.repeat(16)] } } } })).toThrow(/configured twice/);
    expect(buildConfig({ datasets }).auth.enabled).toBe(false);
  });
});
