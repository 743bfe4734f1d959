/**
 * Post-aggregators that reuse earlier ones: compiled without copying a tree per use. Scripts for the
 * engine stay small (within the inlining budget and limits.maxScriptBytes); the rest is left to the
 * reader, which evaluates each post-aggregator once per row.
 */
import { describe, expect, it } from 'vitest';
import { schemaFromMapping } from '../../../src/ir/schema.js';
import { buildConfig } from '../../../src/catalog/config.js';
import { compile } from '../../../src/compiler/compile.js';
import { Catalog } from '../../../src/catalog/catalog.js';
import { ALL_CAPABILITIES } from '../../../src/backend/capabilities.js';
import { ANONYMOUS } from '../../../src/auth/access.js';
import { defaultLimits } from '../../../src/policy/limits.js';
import { finishLevel } from '../../../src/reader/post.js';
import { parseQuery } from '../../../translators/druid/parse.js';
import { lowerQuery } from '../../../translators/druid/lower.js';
import { mapping, testingOptions } from './fixtures.js';

const schema = schemaFromMapping('testing', mapping.properties);
const config = buildConfig({ datasets: { testing: { index: 'testing', ...testingOptions } } });
const dataset = new Catalog(config).resolve('testing', ANONYMOUS);

/** p0 = rows; p(i+1) = p(i) + p(i): level n is rows × 2^n, a tree of 2^(n+1) - 1 nodes once inlined */
const doubling = (levels: number) => ({
  queryType: 'groupBy',
  dataSource: 'testing',
  intervals: ['2011-01-01/2011-05-01'],
  granularity: 'all',
  dimensions: ['market'],
  aggregations: [{ type: 'count', name: 'rows' }],
  postAggregations: [
    { type: 'fieldAccess', name: 'p0', fieldName: 'rows' },
    ...Array.from({ length: levels }, (_, i) => ({
      type: 'arithmetic', name: `p${i + 1}`, fn: '+',
      fields: [{ type: 'fieldAccess', fieldName: `p${i}` }, { type: 'fieldAccess', fieldName: `p${i}` }],
    })),
  ],
});

describe('druid post-aggregators after sharing', () => {
  it('a 300-level doubling chain compiles in milliseconds with only small scripts', () => {
    const plan = lowerQuery({ dataset, schema }, parseQuery(doubling(300)), config);
    const c = compile(plan.ir, { index: 'testing', schema, caps: ALL_CAPABILITIES, compositePageSize: 2000 });
    const text = JSON.stringify(c.scans);
    expect(text.length).toBeLessThan(4 * defaultLimits.maxScriptBytes);
    const engine = c.plan.levels[0]!.enginePost;
    // the first levels fit one script each; the deep ones are the reader's
    expect(Object.keys(engine)).toContain('p1');
    expect(Object.keys(engine)).not.toContain('p10');
    for (const s of text.matchAll(/"source":"((?:[^"\\]|\\.)*)"/g)) expect(s[1]!.length).toBeLessThanOrEqual(defaultLimits.maxScriptBytes);
  });

  it('the reader computes the levels the engine did not, each once per row', () => {
    const plan = lowerQuery({ dataset, schema }, parseQuery(doubling(40)), config);
    const c = compile(plan.ir, { index: 'testing', schema, caps: ALL_CAPABILITIES, compositePageSize: 2000 });
    const lp = c.plan.levels[0]!;
    // a row as the reader decodes it: engine-computed post values present, the rest not yet
    const values: Record<string, number> = { rows: 3 };
    for (const name of Object.keys(lp.enginePost)) values[name] = 3 * 2 ** Number(name.slice(1));
    const done = finishLevel(lp, [{ keys: { market: 'spot' }, count: 3, values }]);
    const row = done.byParent.get('[]')![0]!;
    expect(row.values.p40).toBe(3 * 2 ** 40);
  });
});
