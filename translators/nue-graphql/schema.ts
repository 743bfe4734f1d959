/**
 * The GraphQL schema, generated from the exposed datasets' mappings: per object a collection
 * field, `aggregate_<object>` (also `aggregate<Object>`), a field enum, a where input and an
 * aggregate row type whose functions take the field enum.
 */
import {
  GraphQLBoolean, GraphQLEnumType, GraphQLFloat, GraphQLInputObjectType, GraphQLInt, GraphQLList, GraphQLNonNull,
  GraphQLObjectType, GraphQLSchema, GraphQLString,
  type GraphQLFieldConfig, type GraphQLFieldConfigMap, type GraphQLInputFieldConfigMap, type GraphQLInputType,
  type GraphQLOutputType, type GraphQLResolveInfo,
} from 'graphql';
import type { FieldCategory } from '../../src/ir/schema.js';
import type { ExposedObject } from './names.js';
import type { AggregateArgs } from './lower.js';

export interface NueResolvers {
  aggregate(obj: ExposedObject, rowType: GraphQLObjectType, args: AggregateArgs, info: GraphQLResolveInfo, ctx: unknown): Promise<unknown[]>;
  collection(obj: ExposedObject, args: AggregateArgs, info: GraphQLResolveInfo, ctx: unknown): Promise<unknown[]>;
}

const scalarOf = (c: FieldCategory): GraphQLOutputType & GraphQLInputType =>
  c === 'numeric' ? GraphQLFloat : c === 'boolean' ? GraphQLBoolean : GraphQLString;

function filterInput(name: string, t: GraphQLInputType, ordered: boolean, text: boolean): GraphQLInputObjectType {
  const list = new GraphQLList(new GraphQLNonNull(t));
  const fields: GraphQLInputFieldConfigMap = { eq: { type: t }, ne: { type: t }, in: { type: list }, nin: { type: list }, isNull: { type: GraphQLBoolean } };
  if (ordered) Object.assign(fields, { gt: { type: t }, gte: { type: t }, lt: { type: t }, lte: { type: t } });
  if (text) Object.assign(fields, { contains: { type: GraphQLString }, startsWith: { type: GraphQLString }, endsWith: { type: GraphQLString } });
  // the older Hasura-style spellings
  for (const [old, now] of [['_eq', 'eq'], ['_neq', 'ne'], ['_in', 'in'], ['_nin', 'nin'], ['_is_null', 'isNull'], ['_gt', 'gt'], ['_gte', 'gte'], ['_lt', 'lt'], ['_lte', 'lte']] as const) {
    if (fields[now]) fields[old] = { type: fields[now].type };
  }
  if (text) Object.assign(fields, { _like: { type: GraphQLString }, _ilike: { type: GraphQLString } });
  return new GraphQLInputObjectType({ name, fields });
}

const FILTERS = {
  string: filterInput('StringFilter', GraphQLString, true, true),
  number: filterInput('NumberFilter', GraphQLFloat, true, false),
  date: filterInput('DateFilter', GraphQLString, true, false),
  boolean: filterInput('BooleanFilter', GraphQLBoolean, false, false),
};

const filterFor = (c: FieldCategory): GraphQLInputObjectType =>
  c === 'numeric' ? FILTERS.number : c === 'date' ? FILTERS.date : c === 'boolean' ? FILTERS.boolean : FILTERS.string;

export const PageInput = new GraphQLInputObjectType({
  name: 'PageInput',
  fields: { cursor: { type: GraphQLInt, defaultValue: 0 }, limit: { type: GraphQLInt } },
});

const byResponseKey = (src: Record<string, unknown>, _a: unknown, _c: unknown, info: GraphQLResolveInfo): unknown => src[info.path.key as string];

function objectTypes(obj: ExposedObject, r: NueResolvers): GraphQLFieldConfigMap<unknown, unknown> {
  const T = obj.typeName;
  const fieldEnum = new GraphQLEnumType({ name: `${T}Field`, values: Object.fromEntries(obj.fields.map((f) => [f.name, { value: f.name }])) });
  const where: GraphQLInputObjectType = new GraphQLInputObjectType({
    name: `${T}Where`,
    fields: () => {
      const self = new GraphQLList(new GraphQLNonNull(where));
      const f: GraphQLInputFieldConfigMap = { and: { type: self }, or: { type: self }, not: { type: where }, _and: { type: self }, _or: { type: self }, _not: { type: where } };
      for (const x of obj.fields) f[x.name] = { type: filterFor(x.info.category) };
      return f;
    },
  });
  const record = new GraphQLObjectType({
    name: T,
    fields: Object.fromEntries(obj.fields.map((f) => [f.name, { type: scalarOf(f.info.category) }])),
  });
  const fn = (type: GraphQLOutputType, extra = {}): GraphQLFieldConfig<Record<string, unknown>, unknown> => ({
    type,
    args: { field: { type: fieldEnum }, ...extra },
    resolve: byResponseKey,
  });
  const row = new GraphQLObjectType<Record<string, unknown>>({
    name: `${T}AggregateRow`,
    fields: {
      ...Object.fromEntries(obj.fields.map((f) => [f.name, { type: scalarOf(f.info.category), resolve: byResponseKey }])),
      count: fn(GraphQLInt, { distinct: { type: GraphQLBoolean, defaultValue: false } }),
      sum: fn(GraphQLFloat),
      avg: fn(GraphQLFloat),
      min: fn(GraphQLFloat),
      max: fn(GraphQLFloat),
    },
  });
  const aggregate: GraphQLFieldConfig<unknown, unknown, AggregateArgs> = {
    type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(row))),
    description: `Aggregates over ${obj.name}: counts, sums, averages, minimums and maximums, optionally grouped (at most 3 fields).`,
    args: { where: { type: where }, groupBy: { type: new GraphQLList(new GraphQLNonNull(fieldEnum)) }, page: { type: PageInput } },
    resolve: (_src, args, ctx, info) => r.aggregate(obj, row, args, info, ctx),
  };
  return {
    [obj.name]: {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(record))),
      args: { where: { type: where }, page: { type: PageInput } },
      resolve: (_src, args: AggregateArgs, ctx: unknown, info) => r.collection(obj, args, info, ctx),
    },
    [`aggregate_${obj.name}`]: aggregate,
    [`aggregate${T}`]: aggregate,
  };
}

export function buildSchema(objects: readonly ExposedObject[], r: NueResolvers): GraphQLSchema {
  const fields: GraphQLFieldConfigMap<unknown, unknown> = {};
  const typeNames = new Set<string>();
  for (const obj of objects) {
    // two datasets that map to one GraphQL name: the first wins, the second is not exposed
    if (typeNames.has(obj.typeName) || fields[obj.name]) continue;
    typeNames.add(obj.typeName);
    Object.assign(fields, objectTypes(obj, r));
  }
  if (Object.keys(fields).length === 0) {
    fields._empty = { type: GraphQLString, description: 'No datasets are exposed.', resolve: () => null };
  }
  return new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields }) });
}
