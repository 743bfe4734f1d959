/**
 * Nue GraphQL's part of the golden runner. Why not through runThroughContract: Nue's route is the
 * contract's own-executor hook (an Express handler; graphql-js parses, validates and executes the
 * document, and each aggregate field's resolver lowers one query), and its golden files pin each
 * field's `outputs` (how a GraphQL row is read from the result row), which the Lowered request it
 * hands the pipeline keeps inside `format`. So this runs the same schema and lowering the handler
 * runs, with graphql-js, capturing the plan; it shares the runner's case input, route matching,
 * setup and compile step.
 */
import { execute, parse, validate } from 'graphql';
import type { Dialect } from '../../src/dialect/contract.js';
import { buildConfig } from '../../src/catalog/config.js';
import { schemaFromMapping } from '../../src/ir/schema.js';
import { exposeObject, type ExposedObject } from '../../translators/nue-graphql/names.js';
import { buildSchema } from '../../translators/nue-graphql/schema.js';
import { collectSelections } from '../../translators/nue-graphql/selection.js';
import { lowerAggregate, type NuePlan } from '../../translators/nue-graphql/lower.js';
import { readJson } from './golden.js';
import { compiled, pathParams, type CaseInput, type GoldenSetup } from './contract.js';

const mappings = readJson<Record<string, { properties: Record<string, never> }>>(new URL('../../fixtures/nue/mappings.json', import.meta.url));

export const nueSetup: GoldenSetup = {
  config: buildConfig({ datasets: { product: { index: 'product' }, invoice: { index: 'invoice' }, subscription: { index: 'subscription' } } }),
  schemas: Object.fromEntries(Object.entries(mappings).map(([n, m]) => [n, schemaFromMapping(n, m.properties)])),
};

export async function runNueCase(dialect: Dialect, setup: GoldenSetup, input: CaseInput): Promise<{ ir: unknown; request: unknown }> {
  const method = input.method ?? 'post';
  const route = dialect.routes.find((r) => r.kind === 'own' && r.methods.includes(method) && pathParams(r.paths, input.path));
  if (!route) throw new Error(`${dialect.id}: no route for ${method.toUpperCase()} ${input.path}`);
  const { query, variables } = input.body as { query: string; variables?: Record<string, unknown> };
  const objects = Object.entries(setup.schemas).map(([n, s]) => exposeObject(n, s) as ExposedObject);
  const plans: NuePlan[] = [];
  const schema = buildSchema(objects, {
    aggregate: async (obj, rowType, args, info) => {
      plans.push(lowerAggregate(obj, args, collectSelections(info, rowType), info.fieldNodes[0]!, rowType.name, setup.config));
      return [];
    },
    collection: async () => [],
  });
  const document = parse(query);
  const errors = validate(schema, document);
  if (errors.length > 0) throw errors[0];
  const result = await execute({ schema, document, variableValues: variables });
  if (result.errors) throw result.errors[0];
  const plan = plans[0] as NuePlan;
  const dataset = plan.query.dataset;
  const { requests, notes } = compiled(plan.query, setup.config.datasets[dataset]!.index, setup.schemas[dataset]!);
  return {
    ir: { ir: plan.query, outputs: plan.outputs.map((o) => (o.kind === 'group' ? { key: o.key, kind: o.kind, field: o.field.name } : o)) },
    request: { requests, notes },
  };
}
