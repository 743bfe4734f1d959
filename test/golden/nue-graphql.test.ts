/** Golden tests: Nue GraphQL query → IR → engine requests, without an engine. */
import { describe, it } from 'vitest';
import { execute, parse, validate } from 'graphql';
import { schemaFromMapping } from '../../src/ir/schema.js';
import { buildConfig } from '../../src/catalog/config.js';
import { compile } from '../../src/compiler/compile.js';
import { exposeObject, type ExposedObject } from '../../translators/nue-graphql/names.js';
import { buildSchema } from '../../translators/nue-graphql/schema.js';
import { collectSelections } from '../../translators/nue-graphql/selection.js';
import { lowerAggregate, type NuePlan } from '../../translators/nue-graphql/lower.js';
import { caseDirs, matchGolden, readJson } from './golden.js';
import { ALL_CAPABILITIES } from '../../src/backend/capabilities.js';

const root = new URL('./nue-graphql/', import.meta.url);
const mappings = readJson<Record<string, { properties: Record<string, never> }>>(new URL('../../fixtures/nue/mappings.json', import.meta.url));
const config = buildConfig({ datasets: { product: { index: 'product' }, invoice: { index: 'invoice' }, subscription: { index: 'subscription' } } });
const schemas = Object.fromEntries(Object.entries(mappings).map(([n, m]) => [n, schemaFromMapping(n, m.properties)]));
const objects = Object.entries(schemas).map(([n, s]) => exposeObject(n, s) as ExposedObject);

describe('nue-graphql golden', () => {
  for (const name of caseDirs(root)) {
    it(name, async () => {
      const input = readJson<{ query: string; variables?: Record<string, unknown> }>(new URL(`${name}/input.json`, root));
      const plans: NuePlan[] = [];
      const schema = buildSchema(objects, {
        aggregate: async (obj, rowType, args, info) => {
          plans.push(lowerAggregate(obj, args, collectSelections(info, rowType), info.fieldNodes[0]!, rowType.name, config));
          return [];
        },
        collection: async () => [],
      });
      const document = parse(input.query);
      const errors = validate(schema, document);
      if (errors.length > 0) throw errors[0];
      const result = await execute({ schema, document, variableValues: input.variables });
      if (result.errors) throw result.errors[0];
      const plan = plans[0] as NuePlan;
      matchGolden(new URL(`${name}/ir.json`, root), { ir: plan.query, outputs: plan.outputs.map((o) => (o.kind === 'group' ? { key: o.key, kind: o.kind, field: o.field.name } : o)) });
      const compiled = compile(plan.query, { index: plan.query.dataset, schema: schemas[plan.query.dataset]!, caps: ALL_CAPABILITIES, compositePageSize: 2000 });
      matchGolden(new URL(`${name}/request.json`, root), { requests: compiled.scans, notes: compiled.notes });
    });
  }
});
