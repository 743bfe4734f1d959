/** Golden tests: Relevance AI request → IR → engine requests, for every feature, without an engine. */
import { describe, it } from 'vitest';
import { schemaFromMapping } from '../../src/ir/schema.js';
import { buildConfig } from '../../src/catalog/config.js';
import { compile } from '../../src/compiler/compile.js';
import { parseAggregate, parseCluster } from '../../translators/relevance-ai/schema.js';
import { lowerAggregate } from '../../translators/relevance-ai/lower.js';
import { lowerCluster } from '../../translators/relevance-ai/cluster.js';
import { caseDirs, matchGolden, readJson } from './golden.js';
import { ALL_CAPABILITIES } from '../../src/backend/capabilities.js';

const root = new URL('./relevance-ai/', import.meta.url);
const mapping = readJson<{ properties: Record<string, never> }>(new URL('../../fixtures/relevance/mapping.json', import.meta.url));
const schema = schemaFromMapping('listings', mapping.properties);
const config = buildConfig({ datasets: { listings: { index: 'listings' } } });

describe('relevance-ai golden', () => {
  for (const name of caseDirs(root)) {
    it(name, () => {
      const input = readJson<{ route: 'aggregate' | 'cluster'; body: unknown }>(new URL(`${name}/input.json`, root));
      const plan =
        input.route === 'cluster'
          ? lowerCluster(parseCluster(input.body), 'listings', schema, config)
          : lowerAggregate({ req: parseAggregate(input.body), dataset: 'listings', schema, config });
      matchGolden(new URL(`${name}/ir.json`, root), plan.query);
      const compiled = compile(plan.query, { index: 'listings', schema, caps: ALL_CAPABILITIES, compositePageSize: 2000 });
      matchGolden(new URL(`${name}/request.json`, root), { requests: compiled.scans, plan: compiled.plan.levels.map(({ level: _l, ...rest }) => rest), notes: compiled.notes });
    });
  }
});
