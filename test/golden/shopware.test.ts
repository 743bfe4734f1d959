/** Golden tests: Shopware criteria → IR → engine requests, for every aggregation and filter type, without an engine. */
import { describe, it } from 'vitest';
import { schemaFromMapping } from '../../src/ir/schema.js';
import { buildConfig } from '../../src/catalog/config.js';
import { compile } from '../../src/compiler/compile.js';
import { compileDocuments } from '../../src/compiler/documents.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { parseCriteria } from '../../translators/shopware/parse.js';
import { lowerCriteria } from '../../translators/shopware/lower.js';
import { mapping, productOptions } from '../translators/shopware/fixtures.js';
import { caseDirs, matchGolden, readJson } from './golden.js';
import { ALL_CAPABILITIES } from '../../src/backend/capabilities.js';
import { ANONYMOUS } from '../../src/auth/access.js';

const root = new URL('./shopware/', import.meta.url);
const schema = schemaFromMapping('product', mapping.properties);
const config = buildConfig({ datasets: { product: { index: 'product', ...productOptions } } });
const dataset = new Catalog(config).resolve('product', ANONYMOUS);

describe('shopware golden', () => {
  for (const name of caseDirs(root)) {
    it(name, () => {
      const input = readJson<{ body: unknown; idsOnly?: boolean }>(new URL(`${name}/input.json`, root));
      const plan = lowerCriteria({ entity: 'product', dataset, schema }, parseCriteria(input.body), config, input.idsOnly ?? false);
      matchGolden(new URL(`${name}/ir.json`, root), { aggregations: plan.aggregations, documents: plan.documents });
      const requests = plan.aggregations.map(({ query }) => {
        const c = compile(query, { index: 'product', schema, caps: ALL_CAPABILITIES, compositePageSize: 2000 });
        return { requests: c.scans, plan: c.plan.levels.map(({ level: _l, ...rest }) => rest), notes: c.notes };
      });
      matchGolden(new URL(`${name}/request.json`, root), { aggregations: requests, documents: compileDocuments(plan.documents, schema) });
    });
  }
});
