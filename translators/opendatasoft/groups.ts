/**
 * group_by items: a field name, or `{"name", "expr"}` where expr is a field, `date(field, 'pattern')`
 * (alias `format_date`) or `range(field, equi|static|percentile|median|decile|quartile(...))`.
 */
import { pointer } from '../../src/errors/proxy-error.js';
import { parseJoda } from './joda.js';
import { categoryOf, numericField, type FieldTable } from './expressions.js';
import { ExpressionError, ExpressionLimit, parseExpression, type SyntaxNode } from './syntax.js';
import { expressionFailure, fail } from './errors.js';
import { checkRangeBuckets } from './bounds.js';
import type { Limits } from '../../src/policy/limits.js';
import type { Discretizer, GroupDef } from './types.js';
import { findField } from '../../src/ir/schema.js';

const NAME = /^[a-z0-9_]+$/;
const DEFAULT_PERCENTILES = [1, 5, 25, 50, 75, 95, 99];

export function parseGroup(item: unknown, at: string, t: FieldTable): GroupDef {
  if (typeof item === 'string') {
    const node = parseAt(item, at, t);
    if (node.kind === 'call') fail('InvalidGroupBy', 'A group_by name is required for date or range expressions', at);
    return { kind: 'field', name: item.trim(), field: plainField(node, t, at), pointer: at };
  }
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    fail('InvalidGroupBy', 'A group_by item is a field name or an object {"name", "expr"}', at);
  }
  const { name, expr, ...rest } = item as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) fail('InvalidGroupBy', `Unknown group_by attribute '${extra}'`, `${at}${pointer(extra)}`);
  if (typeof name !== 'string') fail('InvalidGroupBy', 'A group_by name is required for date or range expressions', at);
  if (!NAME.test(name)) {
    fail('InvalidGroupBy', `Invalid group_by name '${name}': only lower case letters, digits and '_' are allowed`, `${at}/name`);
  }
  const exprAt = `${at}/expr`;
  if (typeof expr !== 'string') fail('InvalidGroupBy', 'A group_by expr must be a string', exprAt);
  const node = parseAt(expr, exprAt, t);
  try {
    if (node.kind !== 'call') return { kind: 'field', name, field: plainField(node, t, exprAt), pointer: exprAt };
    const fn = node.name.toLowerCase();
    if (fn === 'date' || fn === 'format_date') {
      const [field, pattern, more] = node.args;
      if (!field || !pattern || more) throw new ExpressionError(`${node.name}() expects a date field and a format, e.g. date(my_date, 'yyyy-MM')`, (more ?? node).at);
      if (field.kind !== 'ident') throw new ExpressionError(`${node.name}() expects a date field`, field.at);
      const c = categoryOf(t, field.name);
      if (c === undefined) throw new ExpressionError(`Unknown field: ${field.name}`, field.at);
      if (c !== 'date') throw new ExpressionError(`${node.name}() expects a date field, '${field.name}' is not a date`, field.at);
      if (pattern.kind !== 'string') throw new ExpressionError('the date format is a quoted string', pattern.at);
      if (pattern.value.length > t.limits.maxPatternLength) {
        throw new ExpressionLimit(`The date format (${pattern.value.length} characters)`, 'maxPatternLength', t.limits.maxPatternLength, pattern.at);
      }
      try {
        return { kind: 'date', name, field: field.name, pattern: parseJoda(pattern.value), pointer: exprAt };
      } catch (e) {
        if (e instanceof ExpressionError) throw new ExpressionError(e.message, pattern.at + 1 + e.at);
        throw e;
      }
    }
    if (fn === 'range') {
      const [field, disc, more] = node.args;
      if (!field || !disc || more) throw new ExpressionError('range() expects a numeric field and a discretization, e.g. range(amount, equi(5))', (more ?? node).at);
      return { kind: 'range', name, field: numericField(t, field, 'range()'), discretizer: discretizer(disc, t.limits), pointer: exprAt };
    }
    throw new ExpressionError(`Unknown group_by function: ${node.name}`, node.at);
  } catch (e) {
    expressionFailure(e, exprAt);
  }
}

function parseAt(text: string, at: string, t: FieldTable): SyntaxNode {
  try {
    return parseExpression(text, t.limits.maxDepth);
  } catch (e) {
    expressionFailure(e, at);
  }
}

function plainField(node: SyntaxNode, t: FieldTable, at: string): string {
  if (node.kind !== 'ident') fail('ODSQLError', 'A group_by expression is a field, date(...) or range(...)', at, node.at);
  const f = findField(t.schema, node.name);
  if (!t.virtual.has(node.name)) {
    if (!f) fail('ODSQLError', `Unknown field: ${node.name}`, at, node.at);
    if (!f.exactPath || f.category === 'other') fail('ODSQLError', `Cannot group by field '${node.name}' (${f.type})`, at, node.at);
  }
  return node.name;
}

function num(n: SyntaxNode | undefined, what: string, fallbackAt: number): number {
  if (!n || n.kind !== 'number') throw new ExpressionError(`${what} must be a number`, n?.at ?? fallbackAt);
  // 1e999 reads as Infinity: no bound or count of ranges can be one
  if (!Number.isFinite(n.value)) throw new ExpressionError(`${what} must be a finite number`, n.at);
  return n.value;
}

/** The discretizer, its range count checked against maxBuckets before anything is built for it. */
function discretizer(n: SyntaxNode, limits: Limits): Discretizer {
  const d = discretizerOf(n);
  checkRangeBuckets(d, limits, n.at);
  return d;
}

function discretizerOf(n: SyntaxNode): Discretizer {
  if (n.kind !== 'call') throw new ExpressionError('expected equi(), static(), percentile(), median(), decile() or quartile()', n.at);
  const fn = n.name.toLowerCase();
  const noArgs = (): void => {
    if (n.args.length > 0) throw new ExpressionError(`${n.name}() takes no argument`, (n.args[0] as SyntaxNode).at);
  };
  switch (fn) {
    case 'equi': {
      const [first, ...rest] = n.args;
      const count = num(first, 'the number of ranges', n.at);
      if (!Number.isInteger(count) || count < 1) throw new ExpressionError('Invalid range definition: the number of ranges must be a whole number of at least 1', first?.at ?? n.at);
      let lowest: number | undefined;
      let highest: number | undefined;
      rest.forEach((a, i) => {
        if (a.kind === 'named') {
          if (a.name === 'lowest_boundary') lowest = num(a.value, 'lowest_boundary', a.at);
          else if (a.name === 'highest_boundary') highest = num(a.value, 'highest_boundary', a.at);
          else throw new ExpressionError(`equi() has no argument '${a.name}'`, a.at);
        } else if (i === 0) lowest = num(a, 'lowest_boundary', a.at);
        else if (i === 1) highest = num(a, 'highest_boundary', a.at);
        else throw new ExpressionError('equi() takes at most three arguments', a.at);
      });
      if (lowest !== undefined && highest !== undefined && lowest >= highest) {
        throw new ExpressionError('Invalid range definition: lowest_boundary must be below highest_boundary', n.at);
      }
      if (lowest !== undefined && highest !== undefined && !Number.isFinite(highest - lowest)) {
        throw new ExpressionError('Invalid range definition: the boundaries are too far apart to divide', n.at);
      }
      return { kind: 'equi', count, ...(lowest !== undefined ? { lowest } : {}), ...(highest !== undefined ? { highest } : {}) };
    }
    case 'static': {
      const [list, more] = n.args;
      if (!list || list.kind !== 'list' || more) throw new ExpressionError('static() expects an ascending list of numbers, e.g. static([0, 10, 100])', (more ?? list ?? n).at);
      const divisions = list.items.map((x) => num(x, 'a division', list.at));
      if (divisions.length === 0) throw new ExpressionError('Invalid range definition: static() needs at least one division', list.at);
      divisions.forEach((d, i) => {
        if (i > 0 && d <= (divisions[i - 1] as number)) throw new ExpressionError('Invalid range definition: the divisions must be in ascending order', (list.items[i] as SyntaxNode).at);
      });
      return { kind: 'static', divisions };
    }
    case 'percentile': {
      const [list, more] = n.args;
      if (more) throw new ExpressionError('percentile() takes at most one list of percents', more.at);
      if (!list) return { kind: 'bands', form: 'percentile', cuts: DEFAULT_PERCENTILES };
      if (list.kind !== 'list') throw new ExpressionError('percentile() expects a list of percents, e.g. percentile([25, 75])', list.at);
      const cuts = list.items.map((x) => num(x, 'a percent', list.at));
      cuts.forEach((c, i) => {
        const at = (list.items[i] as SyntaxNode).at;
        if (c <= 0 || c >= 100) throw new ExpressionError('a percent is a number between 0 and 100 (exclusive)', at);
        if (i > 0 && c <= (cuts[i - 1] as number)) throw new ExpressionError('Invalid range definition: the percents must be in ascending order', at);
      });
      if (cuts.length === 0) throw new ExpressionError('percentile() needs at least one percent', list.at);
      return { kind: 'bands', form: 'percentile', cuts };
    }
    case 'median':
      noArgs();
      return { kind: 'bands', form: 'median', cuts: [50] };
    case 'decile':
      noArgs();
      return { kind: 'bands', form: 'decile', cuts: [10, 20, 30, 40, 50, 60, 70, 80, 90] };
    case 'quartile':
      noArgs();
      return { kind: 'bands', form: 'quartile', cuts: [25, 50, 75] };
    default:
      throw new ExpressionError(`Unknown range function: ${n.name}`, n.at);
  }
}
