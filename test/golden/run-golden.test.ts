/**
 * Golden tests for every dialect in the registry with a folder test/golden/<dialect-id>/: each case's
 * `input.json` is an HTTP request (method, path, body, headers, query); it goes through the dialect's
 * contract as the server does (contract.ts), then `ir.json` holds the lowered IR and `request.json`
 * the engine requests and read plan, without an engine. Per-dialect setup is the one table below.
 */
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { schemaFromMapping, type DatasetSchema } from '../../src/ir/schema.js';
import { buildConfig } from '../../src/catalog/config.js';
import { compileDocuments } from '../../src/compiler/documents.js';
import type { Dialect } from '../../src/dialect/contract.js';
import { DIALECTS } from '../../translators/registry.js';
import { lowerCriteria } from '../../translators/shopware/lower.js';
import type { Criteria } from '../../translators/shopware/types.js';
import { mapping as druidMapping, testingOptions } from '../translators/druid/fixtures.js';
import { mapping as shopwareMapping, productOptions } from '../translators/shopware/fixtures.js';
import { mappings as odsMappings } from '../translators/opendatasoft/fixtures.js';
import { caseDirs, matchGolden, readJson } from './golden.js';
import { compiled, runThroughContract, type CaseInput, type ContractRun, type GoldenSetup } from './contract.js';
import { nueSetup, runNueCase } from './nue-graphql-golden.js';

type Properties = Record<string, never>;

interface GoldenDialect {
  readonly setup: GoldenSetup;
  /** the case's `ir.json` and `request.json`, in the layout this dialect's golden files have */
  readonly ir: (run: ContractRun) => unknown;
  readonly request: (run: ContractRun) => unknown;
}

/** A dialect lowering each request to one query. */
const single = (setup: GoldenSetup): GoldenDialect => ({
  setup,
  ir: (run) => run.queries[0],
  request: (run) => compiled(run.queries[0]!, run.dataset.index, run.schema),
});

const relevanceMapping = readJson<{ properties: Properties }>(new URL('../../fixtures/relevance/mapping.json', import.meta.url));
const one = (name: string, properties: object): Record<string, DatasetSchema> => ({ [name]: schemaFromMapping(name, properties as Properties) });

const GOLDEN: Readonly<Record<string, GoldenDialect>> = {
  druid: single({
    config: buildConfig({ datasets: { testing: { index: 'testing', ...testingOptions } } }),
    schemas: one('testing', druidMapping.properties),
  }),
  'relevance-ai': single({
    config: buildConfig({ datasets: { listings: { index: 'listings' } } }),
    schemas: one('listings', relevanceMapping.properties),
  }),
  shopware: {
    setup: {
      config: buildConfig({ datasets: { product: { index: 'product', ...productOptions } } }),
      schemas: one('product', shopwareMapping.properties),
    },
    ir: (run) => ({ aggregations: run.queries.map((query, i) => ({ query, shape: shopwareShapes(run)[i] })), documents: run.documents }),
    request: (run) => ({
      aggregations: run.queries.map((q) => compiled(q, run.dataset.index, run.schema)),
      documents: compileDocuments(run.documents!, run.schema),
    }),
  },
  opendatasoft: {
    setup: {
      config: buildConfig({ datasets: { sales: { index: 'sales' } } }),
      schemas: one('sales', { ...odsMappings.sales.properties, ...odsMappings.values.properties }),
    },
    ir: (run) => ({ probe: run.probe?.[0] ?? null, queries: run.queries }),
    request: (run) => [...(run.probe ?? []), ...run.queries].map((q) => compiled(q, run.dataset.index, run.schema)),
  },
};

/**
 * Why Shopware's lowerer is called here: its golden files pin each aggregation's `shape` (how the
 * answer is built from the rows: names, value kinds), which the contract keeps inside `format`. The
 * parsed request and the IR come through the contract; only the shapes are read from the plan, zipped
 * with the contract's queries (search-ids lowers no aggregation, so it gets none).
 */
function shopwareShapes(run: ContractRun): readonly unknown[] {
  const { entity, criteria } = run.request as { entity: string; criteria: Criteria };
  const plan = lowerCriteria({ entity, dataset: run.dataset, schema: run.schema }, criteria, GOLDEN.shopware!.setup.config, false);
  return plan.aggregations.map((a) => a.shape);
}

for (const dialect of DIALECTS) {
  const root = new URL(`./${dialect.id}/`, import.meta.url);
  if (!existsSync(root)) continue;
  describe(`${dialect.id} golden`, () => {
    for (const name of caseDirs(root)) {
      it(name, async () => {
        const input = readJson<CaseInput>(new URL(`${name}/input.json`, root));
        const { ir, request } = dialect.id === 'nue-graphql' ? await runNueCase(dialect, nueSetup, input) : throughContract(dialect, input);
        matchGolden(new URL(`${name}/ir.json`, root), ir);
        matchGolden(new URL(`${name}/request.json`, root), request);
      });
    }
  });
}

function throughContract(dialect: Dialect, input: CaseInput): { ir: unknown; request: unknown } {
  const golden = GOLDEN[dialect.id];
  if (!golden) throw new Error(`test/golden/${dialect.id}/ has cases but the runner's table has no setup for it`);
  const run = runThroughContract(dialect, golden.setup, input);
  return { ir: golden.ir(run), request: golden.request(run) };
}
