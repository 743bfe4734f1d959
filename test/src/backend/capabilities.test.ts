/** The capability table: versions, modules and flavour differences decide what the compiler may use. */
import { describe, expect, it } from 'vitest';
import { compareVersions, missingBecause, missingOn, presentUnless } from '../../../src/backend/capabilities.js';

const capabilitiesOf = (...a: Parameters<typeof missingOn>) => presentUnless(missingOn(...a));

const os = (version: string) => ({ flavour: 'opensearch' as const, version });
const es = (version: string) => ({ flavour: 'elasticsearch' as const, version });

describe('capability table', () => {
  it('OpenSearch with Painless has every script feature, multi_terms from 2.1, no runtime fields', () => {
    const caps = capabilitiesOf(os('2.19.5'), new Set(['lang-painless']));
    expect(caps).toMatchObject({ scripts: true, bucketScript: true, bucketSelector: true, cumulativeSum: true, multiTerms: true, runtimeFields: false });
    expect(capabilitiesOf(os('2.0.1'), new Set(['lang-painless'])).multiTerms).toBe(false);
    expect(missingBecause('runtimeFields', os('2.19.5'), new Set())).toMatch(/no such feature/);
  });

  it("Elasticsearch's integ-test node: no Painless, no aggregations module, no x-pack analytics", () => {
    const modules = new Set(['apm', 'transport-netty4', 'x-pack-core', 'x-pack-security']);
    const caps = capabilitiesOf(es('8.19.7'), modules);
    expect(caps).toMatchObject({ scripts: false, bucketScript: false, bucketSelector: false, cumulativeSum: true, runtimeFields: false, multiTerms: false, topHits: true });
    expect(missingBecause('bucketSelector', es('8.19.7'), modules)).toBe('needs the lang-painless and aggregations modules on every node');
    expect(missingBecause('multiTerms', es('8.19.7'), modules)).toBe('needs the x-pack-analytics module on every node');
  });

  it('a full Elasticsearch distribution has them', () => {
    const caps = capabilitiesOf(es('8.19.7'), new Set(['lang-painless', 'aggregations', 'x-pack-analytics']));
    expect(caps).toMatchObject({ scripts: true, bucketScript: true, bucketSelector: true, runtimeFields: true, multiTerms: true });
    expect(capabilitiesOf(es('7.10.2'), new Set(['lang-painless'])).runtimeFields).toBe(false);
  });

  it('compares versions numerically, ignoring qualifiers', () => {
    expect(compareVersions('2.10.0', '2.9.0')).toBeGreaterThan(0);
    expect(compareVersions('8.19.7-SNAPSHOT', '8.19.7')).toBe(0);
    expect(compareVersions('7.9', '7.10.0')).toBeLessThan(0);
  });
});
