/**
 * Per-document scripts from fixed templates: virtual-field arithmetic (ValueExpr) and the calendar
 * parts of a date. The script text comes from the tree's shape only (operators from a closed set,
 * generated variable names); field names and constants travel in `params`. No user text ever
 * becomes Painless source.
 */
import type { DatePart, StringStep, ValueExpr } from '../ir/nodes.js';

export interface Script {
  readonly lang: 'painless';
  readonly source: string;
  readonly params: Record<string, unknown>;
}

/**
 * How often each node object is reached. A virtual field used by other virtual fields is one
 * object reached from each use (the tree is a DAG); each object's children are walked once, so
 * this is linear in the distinct nodes however often they are shared.
 */
function useCounts(expr: ValueExpr): Map<ValueExpr, number> {
  const counts = new Map<ValueExpr, number>();
  const visit = (e: ValueExpr): void => {
    const seen = counts.get(e);
    counts.set(e, (seen ?? 0) + 1);
    if (seen !== undefined) return;
    if (e.kind === 'neg') visit(e.operand);
    else if (e.kind === 'binary') {
      visit(e.left);
      visit(e.right);
    }
  };
  visit(expr);
  return counts;
}

/**
 * Fields an expression reads, in first-use order (valueFields' order), walking each shared node
 * once: a node reached again adds no field it did not add the first time.
 */
export function scriptFieldNames(expr: ValueExpr): string[] {
  const out: string[] = [];
  for (const e of useCounts(expr).keys()) if (e.kind === 'field' && !out.includes(e.field)) out.push(e.field);
  return out;
}

/**
 * The statements that compute `expr` into the double variable `out`, leaving the script with
 * `onNull` when a field is missing or a divisor is zero. `fields` are the engine paths of the
 * expression's fields, in `scriptFieldNames` order. A node used more than once (a shared virtual
 * field) is computed once into a local `tN`, declared after the locals it uses, and each use
 * reads the local: the script grows with the distinct nodes, not with the expanded tree (which
 * doubles at each level of fields using the previous one twice).
 */
function body(expr: ValueExpr, fields: readonly string[], onNull: string, out: string): { source: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const counts = useCounts(expr);
  const names = scriptFieldNames(expr);
  const statements: string[] = [];
  names.forEach((_, i) => {
    params[`f${i}`] = fields[i];
    statements.push(`def s${i} = doc[params.f${i}];`, `if (s${i}.size() == 0) { return ${onNull}; }`, `double x${i} = s${i}.value;`);
  });
  let consts = 0;
  let divisors = 0;
  let locals = 0;
  const emitted = new Map<ValueExpr, string>();
  const compute = (e: ValueExpr): string => {
    switch (e.kind) {
      case 'field':
        return `x${names.indexOf(e.field)}`;
      case 'const': {
        const name = `c${consts++}`;
        params[name] = e.value;
        return `((double) params.${name})`;
      }
      case 'neg':
        return `(-${emit(e.operand)})`;
      case 'binary': {
        const l = emit(e.left);
        const r = emit(e.right);
        if (e.op !== '/') return `(${l} ${e.op} ${r})`;
        const d = `d${divisors++}`;
        statements.push(`double ${d} = ${r};`, `if (${d} == 0.0) { return ${onNull}; }`);
        return `(${l} / ${d})`;
      }
    }
  };
  const emit = (e: ValueExpr): string => {
    const known = emitted.get(e);
    if (known !== undefined) return known;
    let text = compute(e);
    if ((counts.get(e) ?? 0) > 1 && (e.kind === 'neg' || e.kind === 'binary')) {
      const t = `t${locals++}`;
      statements.push(`double ${t} = ${text};`);
      text = t;
    }
    emitted.set(e, text);
    return text;
  };
  const value = emit(expr);
  statements.push(`double ${out} = ${value};`);
  return { source: statements.join(' '), params };
}

/** A value script for a metric or a composite terms/histogram source: the document's value or null. */
export function valueScript(expr: ValueExpr, fields: readonly string[]): Script {
  const b = body(expr, fields, 'null', 'v');
  return { lang: 'painless', source: `${b.source} return v;`, params: b.params };
}

/** A filter script: the document's value lies in the range (bounds in params). */
export function rangeScript(
  expr: ValueExpr,
  fields: readonly string[],
  range: { from?: number; to?: number; fromExclusive?: boolean; toInclusive?: boolean },
): Script {
  const b = body(expr, fields, 'false', 'v');
  const tests: string[] = [];
  if (range.from !== undefined) tests.push(range.fromExclusive ? 'v > params.lo' : 'v >= params.lo');
  if (range.to !== undefined) tests.push(range.toInclusive ? 'v <= params.hi' : 'v < params.hi');
  const params = { ...b.params, ...(range.from !== undefined ? { lo: range.from } : {}), ...(range.to !== undefined ? { hi: range.to } : {}) };
  return { lang: 'painless', source: `${b.source} return ${tests.length > 0 ? tests.join(' && ') : 'true'};`, params };
}

/**
 * Calendar parts of a date field in a zone, as fixed-width numbers joined by `|` (years offset by
 * 100000 to stay positive and six digits wide), so string order is tuple order. Fixed text: the
 * part names arrive in params and are only compared against this closed list.
 */
export const DATE_PARTS =
  "def vs = doc[params.field]; if (vs.size() == 0) { return null; } " +
  'ZonedDateTime t = ZonedDateTime.ofInstant(Instant.ofEpochMilli(vs.value.toInstant().toEpochMilli()), ZoneId.of(params.zone)); ' +
  'StringBuilder out = new StringBuilder(); ' +
  'for (String p : params.parts) { long n = 0; int w = 1; ' +
  "if (p == 'era') { n = t.getYear() > 0 ? 1 : 0; w = 1; } " +
  "else if (p == 'centuryOfEra') { int y = t.getYear() > 0 ? t.getYear() : 1 - t.getYear(); n = y / 100; w = 4; } " +
  "else if (p == 'yearOfEra') { n = t.getYear() > 0 ? t.getYear() : 1 - t.getYear(); w = 6; } " +
  "else if (p == 'yearOfEraOfCentury') { n = (t.getYear() > 0 ? t.getYear() : 1 - t.getYear()) % 100; w = 2; } " +
  "else if (p == 'year') { n = t.getYear() + 100000L; w = 6; } " +
  "else if (p == 'yearOfCentury') { n = ((t.getYear() % 100) + 100) % 100; w = 2; } " +
  "else if (p == 'weekyear') { n = t.get(IsoFields.WEEK_BASED_YEAR) + 100000L; w = 6; } " +
  "else if (p == 'weekyearOfCentury') { n = ((t.get(IsoFields.WEEK_BASED_YEAR) % 100) + 100) % 100; w = 2; } " +
  "else if (p == 'month') { n = t.getMonthValue(); w = 2; } " +
  "else if (p == 'weekOfWeekyear') { n = t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR); w = 2; } " +
  "else if (p == 'dayOfYear') { n = t.getDayOfYear(); w = 3; } " +
  "else if (p == 'day') { n = t.getDayOfMonth(); w = 2; } " +
  "else if (p == 'dayOfWeek') { n = t.getDayOfWeek().getValue(); w = 1; } " +
  "else if (p == 'halfday') { n = t.getHour() / 12; w = 1; } " +
  "else if (p == 'hourOfHalfday') { n = t.getHour() % 12; w = 2; } " +
  "else if (p == 'hour') { n = t.getHour(); w = 2; } " +
  "else if (p == 'minute') { n = t.getMinute(); w = 2; } " +
  "else if (p == 'second') { n = t.getSecond(); w = 2; } " +
  "else { n = t.getNano() / 1000000; w = 3; } " +
  "String s = String.valueOf(n); if (out.length() > 0) { out.append('|'); } " +
  "for (int i = s.length(); i < w; i++) { out.append('0'); } out.append(s); } " +
  'return out.toString();';

export function datePartsScript(field: string, parts: readonly DatePart[], zone: string): Script {
  return { lang: 'painless', source: DATE_PARTS, params: { field, parts: [...parts], zone } };
}

/**
 * A keyword field's values through string steps (StringStep), as a list (one entry per value that
 * survives). Fixed text: the steps arrive in params as plain numbers and names compared against a
 * closed list, so no client text reaches the source.
 */
export const STRING_STEPS =
  'List out = new ArrayList(); for (def v0 : doc[params.field]) { String s = v0.toString(); boolean keep = true; ' +
  'for (def st : params.steps) { String k = st.get(\'kind\'); ' +
  "if (k == 'substring') { int i = (int) st.get('index'); if (s.length() == 0 || i >= s.length()) { keep = false; break; } " +
  "def n = st.get('length'); int e = n == null ? s.length() : (int) Math.min((long) s.length(), (long) i + (long) n); s = s.substring(i, e); } " +
  "else if (k == 'strlen') { s = String.valueOf(s.length()); } " +
  "else if (k == 'upper') { s = s.toUpperCase(Locale.ROOT); } " +
  "else { s = s.toLowerCase(Locale.ROOT); } } " +
  'if (keep && !out.contains(s)) { out.add(s); } } return out;';

export function stringStepsScript(field: string, steps: readonly StringStep[]): Script {
  return { lang: 'painless', source: STRING_STEPS, params: { field, steps: steps.map((s) => ({ ...s })) } };
}
