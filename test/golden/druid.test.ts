/** Golden tests: Druid native query → IR → engine requests, for every part of the spec, without an engine. */
import { describe, it } from 'vitest';
import { schemaFromMapping } from '../../src/ir/schema.js';
import { buildConfig } from '../../src/catalog/config.js';
import { compile } from '../../src/compiler/compile.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { parseQuery } from '../../translators/druid/parse.js';
import { lowerQuery } from '../../translators/druid/lower.js';
import { mapping, testingOptions } from '../translators/druid/fixtures.js';
import { caseDirs, matchGolden, readJson } from './golden.js';
import { ALL_CAPABILITIES } from '../../src/backend/capabilities.js';
import { ANONYMOUS } from '../../src/auth/access.js';

const root = new URL('./druid/', import.meta.url);
const schema = schemaFromMapping('testing', mapping.properties);
const config = buildConfig({ datasets: { testing: { index: 'testing', ...testingOptions } } });
const dataset = new Catalog(config).resolve('testing', ANONYMOUS);

describe('druid golden', () => {
  for (const name of caseDirs(root)) {
    it(name, () => {
      const input = readJson<{ query: object }>(new URL(`${name}/input.json`, root));
      const plan = lowerQuery({ dataset, schema }, parseQuery({ dataSource: 'testing', ...input.query }), config);
      matchGolden(new URL(`${name}/ir.json`, root), plan.ir);
      const c = compile(plan.ir, { index: 'testing', schema, caps: ALL_CAPABILITIES, compositePageSize: 2000 });
      matchGolden(new URL(`${name}/request.json`, root), { requests: c.scans, plan: c.plan.levels.map(({ level: _l, ...rest }) => rest), notes: c.notes });
    });
  }
});
