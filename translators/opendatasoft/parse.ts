/**
 * The aggregate request body: `{"virtual_fields": {...}, "aggregations": {name: {group_by, aggregates}}}`,
 * validated against the dataset's fields. Every independent problem is collected (one per bad clause:
 * a virtual field, a group_by item, an aggregate), in ODS style, with the path of the offending part and
 * the character inside an expression; a clause that fails is not reported again where others use it.
 * Cost limits still stop at once: nothing more is read of a request over one.
 */
import type { ValueExpr } from '../../src/ir/nodes.js';
import { findField, type DatasetSchema } from '../../src/ir/schema.js';
import { pointer } from '../../src/errors/proxy-error.js';
import { Collector } from '../../src/errors/collector.js';
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
  const c = new Collector();
  // an unknown top-level parameter means another request shape: the rest is not read
  for (const key of Object.keys(body)) {
    if (key !== 'virtual_fields' && key !== 'aggregations') c.add('InvalidRequestBody', `Unknown parameter '${key}'`, pointer(key));
  }
  c.throwIfAny();
  checkRequestShape(body, limits);
  const virtual = parseVirtualFields(body.virtual_fields, schema, limits, c);
  const table: FieldTable = { schema, virtual, limits };
  const aggs = body.aggregations;
  if (!isObject(aggs) || Object.keys(aggs).length === 0) {
    c.add('InvalidRequestBody', "Invalid aggregate request: 'aggregations' must be a non-empty object", pointer('aggregations'));
    throw c.error();
  }
  const aggregations = Object.entries(aggs).flatMap(([name, a]) => c.attempt(() => parseAggregation(name, a, table, c)) ?? []);
  c.throwIfAny();
  const request = { virtualFields: Object.fromEntries(virtual), aggregations };
  checkEngineSearches(request, limits);
  return request;
}

/** Stands for a virtual field that failed: others may still use it without a follow-up error. */
const FAILED: ValueExpr = { kind: 'const', value: 0 };

class FailedField extends Error {}

function parseVirtualFields(raw: unknown, schema: DatasetSchema, limits: Limits, c: Collector): Map<string, ValueExpr> {
  const out = new Map<string, ValueExpr>();
  if (raw === undefined) return out;
  if (!isObject(raw)) {
    c.add('InvalidRequestBody', "'virtual_fields' must be an object of name: expression", pointer('virtual_fields'));
    return out;
  }
  for (const [name, text] of Object.entries(raw)) {
    const at = pointer('virtual_fields', name);
    const problem = !VIRTUAL_NAME.test(name)
      ? `Invalid virtual field name '${name}'`
      : (findField(schema, name) !== undefined)
        ? `Virtual field '${name}' has the name of a dataset field`
        : typeof text !== 'string'
          ? 'A virtual field is an expression string'
          : undefined;
    if (problem === undefined) continue;
    c.add('InvalidRequestBody', problem, at);
    // a dataset field keeps its own meaning; any other bad name is known, so uses are not errors too
    if (findField(schema, name) === undefined) out.set(name, FAILED);
  }
  // virtual fields may use one another, in any order; each is expanded over dataset fields
  const visiting: string[] = [];
  const costs = new VirtualFieldCosts(limits);
  const define = (name: string): ValueExpr => {
    const known = out.get(name);
    if (known === FAILED) throw new FailedField();
    if (known) return known;
    const at = pointer('virtual_fields', name);
    visiting.push(name);
    try {
      const table: FieldTable = { schema, virtual: out, limits };
      const expr = virtualField(raw[name] as string, table, (ref, offset) => {
        if (!Object.hasOwn(raw, ref) || findField(schema, ref) !== undefined) return undefined;
        if (visiting.includes(ref)) throw new ExpressionError(`virtual field '${ref}' refers to itself`, offset);
        // a chain of virtual fields is resolved by recursion: bounded before it goes deeper
        if (visiting.length >= limits.maxDepth) throw new ExpressionLimit('Virtual fields built on virtual fields', 'maxDepth', limits.maxDepth, offset);
        return define(ref);
      });
      costs.check(expr);
      out.set(name, expr);
      return expr;
    } catch (e) {
      out.set(name, FAILED);
      // an error inside a field this one uses was already placed at that field
      if (e instanceof ExpressionError) c.attempt(() => expressionFailure(e, at));
      else if (!(e instanceof FailedField)) throw e;
      throw new FailedField();
    } finally {
      visiting.pop();
    }
  };
  for (const name of Object.keys(raw)) {
    if (out.has(name) || findField(schema, name) !== undefined || typeof raw[name] !== 'string') continue;
    try {
      define(name);
    } catch (e) {
      if (!(e instanceof FailedField)) throw e;
    }
  }
  return out;
}

/** One aggregation: each group_by item and each aggregate is a clause of its own, collected apart. */
function parseAggregation(name: string, a: unknown, t: FieldTable, c: Collector): AggregationDef {
  const at = pointer('aggregations', name);
  if (!isObject(a)) fail('InvalidRequestBody', 'An aggregation is an object with group_by and aggregates', at);
  for (const key of Object.keys(a)) {
    if (key !== 'group_by' && key !== 'aggregates') c.add('InvalidRequestBody', `Unknown aggregation attribute '${key}'`, pointer('aggregations', name, key));
  }
  const groupBy = a.group_by ?? [];
  if (!Array.isArray(groupBy)) c.add('InvalidGroupBy', "'group_by' must be a list", pointer('aggregations', name, 'group_by'));
  const parsed = (Array.isArray(groupBy) ? groupBy : []).map((g, i) => c.attempt(() => parseGroup(g, pointer('aggregations', name, 'group_by', i), t)));
  const columns = new Set<string>();
  parsed.forEach((g, i) => {
    if (!g) return;
    if (columns.has(g.name)) c.add('InvalidGroupBy', `Duplicate column name '${g.name}'`, pointer('aggregations', name, 'group_by', i));
    columns.add(g.name);
  });
  const raw = a.aggregates;
  if (!isObject(raw) || Object.keys(raw).length === 0) {
    fail('InvalidRequestBody', "'aggregates' must be a non-empty object of name: aggregate expression", pointer('aggregations', name, 'aggregates'));
  }
  const aggregates: AggregateDef[] = Object.entries(raw).flatMap(([out, text]) => {
    const p = pointer('aggregations', name, 'aggregates', out);
    if (columns.has(out)) return problem(c, 'InvalidRequestBody', `Duplicate column name '${out}'`, p);
    columns.add(out);
    if (typeof text !== 'string') return problem(c, 'InvalidRequestBody', 'An aggregate is an expression string, e.g. "SUM(sales_count)"', p);
    const def = c.attempt(() => {
      try {
        return { name: out, ...aggregateExpression(text, t), pointer: p };
      } catch (e) {
        expressionFailure(e, p);
      }
    });
    return def ? [def] : [];
  });
  return { name, groups: parsed.filter((g): g is GroupDef => g !== undefined), aggregates };
}

function problem(c: Collector, code: string, message: string, at: string): [] {
  c.add(code, message, at);
  return [];
}
