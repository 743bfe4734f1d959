/**
 * A native query body → typed query, or a 400 naming the first offending part by JSON Pointer (Druid
 * reports one problem at a time, in Jackson's words; ours say what to fix).
 */
import type {
  Aggregator, Dimension, DruidQuery, Granularity, GroupByQuery, Interval, OrderByColumn, OutputType, PostAggregator,
  TimeseriesQuery, TopNMetric, TopNQuery, VirtualColumn,
} from './types.js';
import { isTimeZone, MAX_INSTANT_MS, parseInstant, parsePeriod, simpleGranularity, supportedPeriod } from './time.js';
import { defaultLimits, type Limits } from '../../src/policy/limits.js';
import { checkDruidBody, checkDruidQuery } from './bounds.js';
import { bool, fail, int, isObj, list, ordering, parseIntervals, str, type Json, type Obj } from './parse-common.js';
import { Collector } from '../../src/errors/collector.js';
import { parseFilter, parseHaving } from './parse-filters.js';
import { parseExpression } from './expr-parse.js';
import { checkFunctions } from './expr-lower.js';
import { parseExtractionDimension } from './parse-extraction.js';
import { parseSubtotals } from './subtotals.js';
import { parseQuantilePost, parseSketchAggregator } from './quantiles.js';
import { parseNativeContext, type NativeContext } from './context.js';

/** Every aggregator type the parser reads: a Record over the parsed types, so this list and the types cannot differ. */
const AGGREGATOR_TYPES: Readonly<Record<Aggregator['type'], true>> = {
  count: true, longSum: true, doubleSum: true, floatSum: true, longMin: true, longMax: true, doubleMin: true, doubleMax: true,
  floatMin: true, floatMax: true, longFirst: true, longLast: true, doubleFirst: true, doubleLast: true, floatFirst: true,
  floatLast: true, cardinality: true, hyperUnique: true, filtered: true, quantilesDoublesSketch: true,
};
const AGGREGATORS: ReadonlySet<string> = new Set(Object.keys(AGGREGATOR_TYPES));
/** The properties of each query type (Druid's query docs); any other is refused by name, not ignored. */
const COMMON_KEYS: ReadonlySet<string> = new Set(['queryType', 'dataSource', 'intervals', 'granularity', 'filter', 'aggregations', 'postAggregations', 'virtualColumns', 'context']);
const OWN_KEYS: Readonly<Record<'groupBy' | 'timeseries' | 'topN', ReadonlySet<string>>> = {
  groupBy: new Set(['dimensions', 'having', 'limitSpec', 'subtotalsSpec']),
  timeseries: new Set(['descending', 'limit']),
  topN: new Set(['dimension', 'threshold', 'metric']),
};

/** Every query type this surface answers (the metadata ones in metadata.ts, search in search.ts). */
export const KNOWN_QUERY_TYPES = ['groupBy', 'timeseries', 'topN', 'search', 'scan', 'segmentMetadata', 'timeBoundary', 'dataSourceMetadata'] as const;

/** Parses with the bounds checked: the body's depth first (the parse recurses), the query's cost after. */
export function parseQuery(body: Json, limits: Limits = defaultLimits): DruidQuery {
  checkDruidBody(body, limits);
  const q = parseQueryShape(body);
  checkDruidQuery(q, limits);
  return q;
}

function parseQueryShape(body: Json): DruidQuery {
  if (!isObj(body)) fail('the query must be a JSON object', '');
  const type = body.queryType;
  if (type !== 'groupBy' && type !== 'timeseries' && type !== 'topN') {
    fail(`Could not resolve type id '${String(type)}' as a subtype of Query: known types are ${KNOWN_QUERY_TYPES.join(', ')}`, '/queryType', 'InvalidTypeIdException');
  }
  // each part on its own, so that every problem of the request is reported at once
  const c = new Collector();
  for (const key of Object.keys(body)) {
    if (!COMMON_KEYS.has(key) && !OWN_KEYS[type].has(key)) c.add('JsonMappingException', `Unrecognized field "${key}" (a ${type} query has no such property)`, `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  }
  const dataSource = c.attempt(() => parseDataSource(body.dataSource));
  const intervals = c.attempt(() => {
    if (body.intervals === undefined) fail('Missing property intervals', '/intervals');
    return parseIntervals(body.intervals, '/intervals');
  });
  const granularity = c.attempt(() => (body.granularity === undefined && type !== 'groupBy' ? { kind: 'all' as const } : parseGranularity(body.granularity, '/granularity')));
  const filter = body.filter === undefined || body.filter === null ? undefined : c.attempt(() => parseFilter(body.filter, '/filter'));
  const aggregations = c.each(c.attempt(() => list(body.aggregations ?? [], '/aggregations', 'aggregations')) ?? [], (a, i) => parseAggregator(a, `/aggregations/${i}`));
  const postAggregations = c.each(c.attempt(() => list(body.postAggregations ?? [], '/postAggregations', 'postAggregations')) ?? [], (p, i) => parsePostAggregator(p, `/postAggregations/${i}`));
  const context = c.attempt(() => parseNativeContext(body.context, type));
  const rawVirtual = body.virtualColumns === undefined || body.virtualColumns === null ? [] : c.attempt(() => list(body.virtualColumns, '/virtualColumns', 'virtualColumns')) ?? [];
  const virtualColumns = c.each(rawVirtual, (v, i) => parseVirtualColumn(v, `/virtualColumns/${i}`));
  const specific = c.attempt(() => parseSpecific(body, type, c));
  c.throwIfAny();
  const common = {
    dataSource: dataSource as string,
    virtualColumns,
    intervals: intervals as Interval[],
    granularity: granularity as Granularity,
    ...(filter ? { filter } : {}),
    aggregations,
    postAggregations,
    context: context as NativeContext,
  };
  return { ...common, ...(specific as Specific) } as DruidQuery;
}

type Specific =
  | Pick<TimeseriesQuery, 'queryType' | 'descending' | 'limit'>
  | Pick<TopNQuery, 'queryType' | 'dimension' | 'threshold' | 'metric'>
  | Pick<GroupByQuery, 'queryType' | 'dimensions' | 'having' | 'limitSpec' | 'subtotalsSpec'>;

/** The query type's own keys, each problem recorded in `c`. */
function parseSpecific(body: Obj, type: 'groupBy' | 'timeseries' | 'topN', c: Collector): Specific {
  if (type === 'timeseries') {
    const limit = c.attempt(() => (body.limit === undefined || body.limit === null ? null : int(body.limit, '/limit', 'limit')));
    const descending = c.attempt(() => bool(body.descending, '/descending', 'descending'));
    return { queryType: type, descending: descending === true, limit: limit === 0 || limit === undefined ? null : limit };
  }
  if (type === 'topN') {
    const dimension = c.attempt(() => {
      if (body.dimension === undefined) fail('Missing property dimension', '/dimension');
      return parseDimension(body.dimension, '/dimension');
    });
    const threshold = c.attempt(() => int(body.threshold, '/threshold', 'threshold', 1));
    const metric = c.attempt(() => {
      if (body.metric === undefined) fail('Missing property metric', '/metric');
      return parseTopNMetric(body.metric, '/metric');
    });
    return { queryType: type, dimension: dimension as Dimension, threshold: threshold as number, metric: metric as TopNMetric };
  }
  const dimensions = c.each(c.attempt(() => list(body.dimensions ?? [], '/dimensions', 'dimensions')) ?? [], (d, i) => parseDimension(d, `/dimensions/${i}`));
  const having = body.having !== undefined && body.having !== null ? c.attempt(() => parseHaving(body.having, '/having')) : undefined;
  const limitSpec = c.attempt(() => parseLimitSpec(body.limitSpec));
  const subtotalsSpec = body.subtotalsSpec === undefined || body.subtotalsSpec === null ? undefined : c.attempt(() => parseSubtotals(body.subtotalsSpec, dimensions));
  return { queryType: 'groupBy', dimensions, ...(having ? { having } : {}), limitSpec: limitSpec as GroupByQuery['limitSpec'], ...(subtotalsSpec ? { subtotalsSpec } : {}) };
}

export function parseDataSource(v: Json): string {
  if (typeof v === 'string' && v !== '') return v;
  if (isObj(v) && v.type === 'table' && typeof v.name === 'string') return v.name;
  if (isObj(v)) fail(`dataSource of type '${String(v.type)}' is not supported; use a table name`, '/dataSource', 'InvalidTypeIdException');
  return fail('Missing property dataSource', '/dataSource');
}

export function parseGranularity(v: Json, at: string): Granularity {
  if (v === undefined || v === null) fail('Missing property granularity', at);
  if (typeof v === 'string') {
    const g = simpleGranularity(v);
    if (!g) fail(`Unknown granularity '${v}'`, at);
    return g;
  }
  if (!isObj(v)) return fail('granularity must be a name or an object', at);
  const origin = (): number | undefined => {
    if (v.origin === undefined || v.origin === null) return undefined;
    const inRange = (n: number) => Number.isSafeInteger(n) && Math.abs(n) <= MAX_INSTANT_MS;
    const t = typeof v.origin === 'string' ? parseInstant(v.origin) : typeof v.origin === 'number' && inRange(v.origin) ? v.origin : undefined;
    if (t === undefined) fail(`Invalid origin ${JSON.stringify(v.origin)}`, `${at}/origin`);
    return t;
  };
  switch (v.type) {
    case 'all':
    case 'none':
      return { kind: v.type };
    case 'period': {
      const text = str(v.period, `${at}/period`, 'period');
      const period = parsePeriod(text);
      if (!period) fail(`Invalid period '${text}'`, `${at}/period`);
      if (!supportedPeriod(period)) fail(`Period '${text}' cannot be bucketed by the engine: use months in 1, 3 or 12, or fixed units`, `${at}/period`, 'UnsupportedOperationException');
      const timeZone = v.timeZone === undefined || v.timeZone === null ? 'UTC' : str(v.timeZone, `${at}/timeZone`, 'timeZone');
      if (!isTimeZone(timeZone)) fail(`The datetime zone id '${timeZone}' is not recognised`, `${at}/timeZone`);
      const o = origin();
      return { kind: 'period', period, timeZone, text, ...(o !== undefined ? { originMs: o } : {}) };
    }
    case 'duration': {
      const ms = Number(v.duration);
      if (!Number.isSafeInteger(ms) || ms <= 0) fail('duration must be a positive number of milliseconds', `${at}/duration`);
      if (ms > MAX_INSTANT_MS) fail(`duration must be at most ${MAX_INSTANT_MS} milliseconds`, `${at}/duration`);
      return { kind: 'duration', ms, originMs: origin() ?? 0 };
    }
    default:
      return fail(`Could not resolve granularity type '${String(v.type)}'`, `${at}/type`, 'InvalidTypeIdException');
  }
}

export function parseDimension(v: Json, at: string): Dimension {
  if (typeof v === 'string' && v !== '') return { dimension: v, outputName: v, outputType: 'STRING', at };
  if (!isObj(v)) fail('a dimension must be a name or a dimension spec', at);
  if (v.type === 'extraction') return parseExtractionDimension(v, at);
  if (v.type !== undefined && v.type !== 'default') fail(`dimension spec type '${String(v.type)}' is not supported; use 'default' or 'extraction'`, `${at}/type`, 'InvalidTypeIdException');
  const dimension = str(v.dimension, `${at}/dimension`, 'dimension');
  const outputType = String(v.outputType ?? 'STRING').toUpperCase();
  if (!['STRING', 'LONG', 'FLOAT', 'DOUBLE'].includes(outputType)) fail(`outputType must be STRING, LONG, FLOAT or DOUBLE`, `${at}/outputType`);
  return { dimension, outputName: v.outputName === undefined ? dimension : str(v.outputName, `${at}/outputName`, 'outputName'), outputType: outputType as OutputType, at };
}

export function parseVirtualColumn(v: Json, at: string): VirtualColumn {
  if (!isObj(v)) fail('a virtual column must be an object', at);
  if (v.type !== 'expression') fail(`Could not resolve virtual column type '${String(v.type)}': use 'expression'`, `${at}/type`, 'InvalidTypeIdException');
  const name = str(v.name, `${at}/name`, 'name');
  const expression = str(v.expression, `${at}/expression`, 'expression');
  const tree = parseExpression(expression, `${at}/expression`);
  checkFunctions(tree, `${at}/expression`, expression);
  if (v.outputType === undefined || v.outputType === null) return { name, expression, tree, at };
  const outputType = String(v.outputType).toUpperCase();
  if (!['STRING', 'LONG', 'FLOAT', 'DOUBLE'].includes(outputType)) fail('outputType must be STRING, LONG, FLOAT or DOUBLE', `${at}/outputType`);
  return { name, expression, tree, outputType: outputType as OutputType, at };
}

function parseAggregator(v: Json, at: string): Aggregator {
  if (!isObj(v)) fail('an aggregator must be an object', at);
  const type = v.type;
  if (typeof type !== 'string' || !AGGREGATORS.has(type)) fail(`Could not resolve aggregator type '${String(type)}'`, `${at}/type`, 'InvalidTypeIdException');
  if (type === 'filtered') {
    // Druid: a filtered aggregator without a name takes its inner aggregator's name
    const aggregator = parseAggregator(v.aggregator, `${at}/aggregator`);
    const name = v.name === undefined || v.name === null ? aggregator.name : str(v.name, `${at}/name`, 'name');
    return { type, name, filter: parseFilter(v.filter, `${at}/filter`), aggregator, at };
  }
  const name = str(v.name, `${at}/name`, 'name');
  switch (type) {
    case 'count':
      return { type, name, at };
    case 'quantilesDoublesSketch':
      return parseSketchAggregator(v, name, at);
    case 'cardinality': {
      const fields = list(v.fields, `${at}/fields`, 'fields').map((f, i) => (isObj(f) ? str(f.dimension, `${at}/fields/${i}/dimension`, 'dimension') : str(f, `${at}/fields/${i}`, 'field')));
      if (fields.length === 0) fail('cardinality needs at least one field', `${at}/fields`);
      return { type, name, fields, byRow: v.byRow === true, at };
    }
    default:
      return { type: type as Exclude<Aggregator['type'], 'count' | 'filtered' | 'cardinality'>, name, fieldName: str(v.fieldName, `${at}/fieldName`, 'fieldName'), at } as Aggregator;
  }
}

function parsePostAggregator(v: Json, at: string): PostAggregator {
  if (!isObj(v)) fail('a post-aggregator must be an object', at);
  if (v.name !== undefined && v.name !== null && typeof v.name !== 'string') fail('name must be a string', `${at}/name`);
  const name = typeof v.name === 'string' ? v.name : '';
  const fields = () => list(v.fields, `${at}/fields`, 'fields').map((f, i) => parsePostAggregator(f, `${at}/fields/${i}`));
  switch (v.type) {
    case 'arithmetic': {
      const fn = v.fn;
      if (fn !== '+' && fn !== '-' && fn !== '*' && fn !== '/' && fn !== 'quotient' && fn !== 'pow') fail(`Unknown arithmetic fn ${JSON.stringify(fn)}`, `${at}/fn`);
      const fs = fields();
      if (fs.length < 2) fail('arithmetic needs at least two fields', `${at}/fields`);
      return { type: 'arithmetic', name, fn, fields: fs, at };
    }
    case 'fieldAccess':
    case 'finalizingFieldAccess':
    case 'hyperUniqueCardinality':
      return { type: v.type, name, fieldName: str(v.fieldName, `${at}/fieldName`, 'fieldName'), at };
    case 'constant': {
      const value = Number(v.value);
      if (typeof v.value !== 'number' || !Number.isFinite(value)) fail('constant value must be a number', `${at}/value`);
      return { type: 'constant', name, value, at };
    }
    case 'doubleGreatest':
    case 'doubleLeast':
    case 'longGreatest':
    case 'longLeast':
      return { type: v.type, name, fields: fields(), at };
    case 'quantilesDoublesSketchToQuantile':
      return parseQuantilePost(v, name, at);
    case 'expression': {
      const expression = str(v.expression, `${at}/expression`, 'expression');
      const tree = parseExpression(expression, `${at}/expression`);
      checkFunctions(tree, `${at}/expression`, expression);
      return { type: 'expression', name, expression, tree, at };
    }
    default:
      return fail(`Could not resolve post-aggregator type '${String(v.type)}'`, `${at}/type`, 'InvalidTypeIdException');
  }
}

function parseLimitSpec(v: Json): { limit: number | null; offset: number; columns: OrderByColumn[] } {
  if (v === undefined || v === null) return { limit: null, offset: 0, columns: [] };
  if (!isObj(v)) fail('limitSpec must be an object', '/limitSpec');
  if (v.type !== undefined && v.type !== 'default') fail(`limitSpec type '${String(v.type)}' is not supported; use 'default'`, '/limitSpec/type', 'InvalidTypeIdException');
  const limit = v.limit === undefined || v.limit === null ? null : int(v.limit, '/limitSpec/limit', 'limit');
  const offset = v.offset === undefined || v.offset === null ? 0 : int(v.offset, '/limitSpec/offset', 'offset');
  const columns = list(v.columns ?? [], '/limitSpec/columns', 'columns').map((c, i): OrderByColumn => {
    const at = `/limitSpec/columns/${i}`;
    if (typeof c === 'string') return { dimension: c, direction: 'ascending', dimensionOrder: 'lexicographic', at };
    if (!isObj(c)) fail('an order-by column must be a name or an object', at);
    const dir = String(c.direction ?? 'ascending').toLowerCase();
    if (!['ascending', 'descending', 'asc', 'desc'].includes(dir)) fail('direction must be ascending or descending', `${at}/direction`);
    return { dimension: str(c.dimension, `${at}/dimension`, 'dimension'), direction: dir.startsWith('desc') ? 'descending' : 'ascending', dimensionOrder: ordering(c.dimensionOrder, `${at}/dimensionOrder`), at };
  });
  return { limit: limit === 0 ? null : limit, offset, columns };
}

function parseTopNMetric(v: Json, at: string): TopNMetric {
  if (typeof v === 'string' && v !== '') return { type: 'numeric', metric: v, at };
  if (!isObj(v)) fail('metric must be a name or a metric spec', at);
  switch (v.type) {
    case 'numeric':
      return { type: 'numeric', metric: str(v.metric, `${at}/metric`, 'metric'), at };
    case 'inverted':
      return { type: 'inverted', metric: parseTopNMetric(v.metric, `${at}/metric`) };
    case 'dimension':
    case 'lexicographic':
    case 'alphaNumeric': {
      const o = v.type === 'dimension' ? ordering(v.ordering, `${at}/ordering`) : v.type === 'alphaNumeric' ? 'alphanumeric' : 'lexicographic';
      return { type: 'dimension', ordering: o, ...(v.previousStop !== undefined && v.previousStop !== null ? { previousStop: String(v.previousStop) } : {}) };
    }
    default:
      return fail(`Could not resolve topN metric type '${String(v.type)}'`, `${at}/type`, 'InvalidTypeIdException');
  }
}
