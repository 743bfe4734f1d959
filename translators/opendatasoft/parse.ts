/**
 * The aggregate request body: `{"virtual_fields": {...}, "aggregations": {name: {group_by, aggregates}}}`,
 * validated against the dataset's fields. The first problem is reported, in ODS style, with the
 * path of the offending part and the character inside an expression.
 */
import type { ValueExpr } from '../../src/ir/nodes.js';
import type { DatasetSchema } from '../../src/backend/schema.js';
import { pointer } from '../../src/errors/proxy-error.js';
import { aggregateExpression, virtualField, type FieldTable } from './expressions.js';
import { parseGroup } from './groups.js';
import { ExpressionError, ExpressionLimit } from './syntax.js';
import { expressionFailure, fail } from './errors.js';
import { defaultLimits, type Limits } from '../../src/policy/limits.js';
import { checkEngineSearches, checkRequestShape, VirtualFieldCosts } from './bounds.js';
import type { AggregateDef, AggregationDef, GroupDef, OdsRequest } from './types.js';

const VIRTUAL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseRequest(body: unknown, schema: DatasetSchema, limits: Limits = defaultLimits): OdsRequest {
  if (!isObject(body)) fail('InvalidRequestBody', 'Invalid aggregate request: the body must be a JSON object', '');
  for (const key of Object.keys(body)) {
    if (key !== 'virtual_fields' && key !== 'aggregations') fail('InvalidRequestBody', `Unknown parameter '${key}'`, pointer(key));
  }
  checkRequestShape(body, limits);
  const virtual = parseVirtualFields(body.virtual_fields, schema, limits);
  const table: FieldTable = { schema, virtual, limits };
  const aggs = body.aggregations;
  if (!isObject(aggs) || Object.keys(aggs).length === 0) {
    fail('InvalidRequestBody', "Invalid aggregate request: 'aggregations' must be a non-empty object", pointer('aggregations'));
  }
  const aggregations = Object.entries(aggs).map(([name, a]) => parseAggregation(name, a, table));
  const request = { virtualFields: Object.fromEntries(virtual), aggregations };
  checkEngineSearches(request, limits);
  return request;
}

function parseVirtualFields(raw: unknown, schema: DatasetSchema, limits: Limits): Map<string, ValueExpr> {
  const out = new Map<string, ValueExpr>();
  if (raw === undefined) return out;
  if (!isObject(raw)) fail('InvalidRequestBody', "'virtual_fields' must be an object of name: expression", pointer('virtual_fields'));
  for (const [name, text] of Object.entries(raw)) {
    const at = pointer('virtual_fields', name);
    if (!VIRTUAL_NAME.test(name)) fail('InvalidRequestBody', `Invalid virtual field name '${name}'`, at);
    if (schema.fields.has(name)) fail('InvalidRequestBody', `Virtual field '${name}' has the name of a dataset field`, at);
    if (typeof text !== 'string') fail('InvalidRequestBody', 'A virtual field is an expression string', at);
  }
  // virtual fields may use one another, in any order; each is expanded over dataset fields
  const visiting: string[] = [];
  const costs = new VirtualFieldCosts(limits);
  const define = (name: string): ValueExpr => {
    const known = out.get(name);
    if (known) return known;
    const at = pointer('virtual_fields', name);
    visiting.push(name);
    try {
      const table: FieldTable = { schema, virtual: out, limits };
      const expr = virtualField(raw[name] as string, table, (ref, offset) => {
        if (!Object.hasOwn(raw, ref)) return undefined;
        if (visiting.includes(ref)) throw new ExpressionError(`virtual field '${ref}' refers to itself`, offset);
        // a chain of virtual fields is resolved by recursion: bounded before it goes deeper
        if (visiting.length >= limits.maxDepth) throw new ExpressionLimit('Virtual fields built on virtual fields', 'maxDepth', limits.maxDepth, offset);
        return define(ref);
      });
      costs.check(expr);
      out.set(name, expr);
      return expr;
    } catch (e) {
      // an error inside a field this one uses was already placed at that field
      if (e instanceof ExpressionError) expressionFailure(e, at);
      throw e;
    } finally {
      visiting.pop();
    }
  };
  for (const name of Object.keys(raw)) define(name);
  return out;
}

function parseAggregation(name: string, a: unknown, t: FieldTable): AggregationDef {
  const at = pointer('aggregations', name);
  if (!isObject(a)) fail('InvalidRequestBody', 'An aggregation is an object with group_by and aggregates', at);
  for (const key of Object.keys(a)) {
    if (key !== 'group_by' && key !== 'aggregates') fail('InvalidRequestBody', `Unknown aggregation attribute '${key}'`, pointer('aggregations', name, key));
  }
  const groupBy = a.group_by ?? [];
  if (!Array.isArray(groupBy)) fail('InvalidGroupBy', "'group_by' must be a list", pointer('aggregations', name, 'group_by'));
  const groups: GroupDef[] = groupBy.map((g, i) => parseGroup(g, pointer('aggregations', name, 'group_by', i), t));
  const columns = new Set<string>();
  groups.forEach((g, i) => {
    if (columns.has(g.name)) fail('InvalidGroupBy', `Duplicate column name '${g.name}'`, pointer('aggregations', name, 'group_by', i));
    columns.add(g.name);
  });
  const raw = a.aggregates;
  if (!isObject(raw) || Object.keys(raw).length === 0) {
    fail('InvalidRequestBody', "'aggregates' must be a non-empty object of name: aggregate expression", pointer('aggregations', name, 'aggregates'));
  }
  const aggregates: AggregateDef[] = Object.entries(raw).map(([out, text]) => {
    const p = pointer('aggregations', name, 'aggregates', out);
    if (columns.has(out)) fail('InvalidRequestBody', `Duplicate column name '${out}'`, p);
    columns.add(out);
    if (typeof text !== 'string') fail('InvalidRequestBody', 'An aggregate is an expression string, e.g. "SUM(sales_count)"', p);
    try {
      return { name: out, ...aggregateExpression(text, t), pointer: p };
    } catch (e) {
      expressionFailure(e, p);
    }
  });
  return { name, groups, aggregates };
}
