/**
 * `EXPLAIN PLAN FOR` → Druid's answer: one row of PLAN (the native query with its signature and
 * column mappings, as JSON text), RESOURCES and ATTRIBUTES. The proxy's own plan (IR and engine
 * requests) is the same request with `?explain=true`.
 */
import type { SqlPlan } from './plan-types.js';
import type { SqlAnswer } from './results.js';

export function explainAnswer(plan: SqlPlan): SqlAnswer {
  const nativeName = (c: SqlPlan['columns'][number]): string => (c.read.from === 'value' ? c.read.native : '__time');
  const planText = JSON.stringify([
    {
      query: plan.native,
      signature: plan.columns.map((c) => ({ name: nativeName(c), type: c.type })),
      columnMappings: plan.columns.map((c) => ({ queryColumn: nativeName(c), outputColumn: c.name })),
    },
  ]);
  const resources = JSON.stringify([{ name: plan.native.dataSource, type: 'DATASOURCE' }]);
  return {
    columns: [
      { name: 'PLAN', type: 'STRING', sqlType: 'VARCHAR' },
      { name: 'RESOURCES', type: 'STRING', sqlType: 'VARCHAR' },
      { name: 'ATTRIBUTES', type: 'STRING', sqlType: 'VARCHAR' },
    ],
    rows: [[planText, resources, JSON.stringify({ statementType: 'SELECT' })]],
  };
}
