/**
 * Golden tests: Opendatasoft aggregate request → IR (probe and queries) → engine requests, for every
 * function and group_by form, without an engine. A case's `probe` stands in for the first query's
 * answer (the data's min/max and percentiles) that range() groups are planned from.
 */
import { describe, it } from 'vitest';
import { schemaFromMapping } from '../../src/ir/schema.js';
import { compile } from '../../src/compiler/compile.js';
import type { MetricValue } from '../../src/ir/nodes.js';
import { parseRequest } from '../../translators/opendatasoft/parse.js';
import { lowerRequest } from '../../translators/opendatasoft/lower.js';
import { mappings } from '../translators/opendatasoft/fixtures.js';
import { caseDirs, matchGolden, readJson } from './golden.js';
import { ALL_CAPABILITIES } from '../../src/backend/capabilities.js';

const root = new URL('./opendatasoft/', import.meta.url);
const schema = schemaFromMapping('sales', { ...mappings.sales.properties, ...mappings.values.properties });

describe('opendatasoft golden', () => {
  for (const name of caseDirs(root)) {
    it(name, () => {
      const input = readJson<{ body: unknown; probe?: Record<string, MetricValue> }>(new URL(`${name}/input.json`, root));
      const lowering = lowerRequest(parseRequest(input.body, schema), {
        dataset: 'sales',
        percentilesCompression: 100,
        isDate: (f) => schema.fields.get(f)?.category === 'date',
      });
      const plan = lowering.plan(input.probe ? { rows: [{ keys: {}, count: 8, values: input.probe }], groupCount: 1, total: 8, notes: [] } : undefined);
      matchGolden(new URL(`${name}/ir.json`, root), { probe: lowering.probe ?? null, queries: plan.queries });
      const caps = ALL_CAPABILITIES;
      const compiled = [...(lowering.probe ? [lowering.probe] : []), ...plan.queries].map((q) => {
        const c = compile(q, { index: 'sales', schema, caps, compositePageSize: 2000 });
        return { requests: c.scans, plan: c.plan.levels.map(({ level: _l, ...rest }) => rest), notes: c.notes };
      });
      matchGolden(new URL(`${name}/request.json`, root), compiled);
    });
  }
});
