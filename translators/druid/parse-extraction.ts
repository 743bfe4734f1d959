/**
 * Druid extraction functions (querying/dimensionspecs.md) → typed specs, each key checked: a key a
 * function does not have is a 400 naming it, never ignored. `javascript` and the lookups are named
 * in a 400 of their own: they need code or a lookup table this proxy does not run.
 */
import { fail, isObj, list, str, type Json, type Obj } from './parse-common.js';
import { isTimeZone } from './time.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { ExtractionFn } from './extraction-types.js';

export type { ExtractionFn } from './extraction-types.js';

const KEYS: Readonly<Record<ExtractionFn['type'], readonly string[]>> = {
  identity: [],
  strlen: [],
  timeFormat: ['format', 'timeZone', 'locale', 'granularity', 'asMillis'],
  bucket: ['size', 'offset'],
  substring: ['index', 'length'],
  regex: ['expr', 'index', 'replaceMissingValue', 'replaceMissingValueWith'],
  upper: ['locale'],
  lower: ['locale'],
  cascade: ['extractionFns'],
  searchQuery: ['query'],
  stringFormat: ['format', 'nullHandling'],
  partial: ['expr'],
};

const REFUSED: Readonly<Record<string, string>> = {
  javascript: 'the javascript extraction function (this proxy runs no client code)',
  lookup: 'the lookup extraction function (this proxy holds no lookup tables)',
  registeredLookup: 'the registeredLookup extraction function (this proxy holds no lookup tables)',
};

const pointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');
const absent = (v: Json): boolean => v === undefined || v === null;

function num(v: Json, at: string, what: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) fail(`${what} must be a number`, at);
  return n;
}

function whole(v: Json, at: string, what: string, min: number): number {
  const n = num(v, at, what);
  if (!Number.isInteger(n) || n < min) fail(`${what} must be an integer of at least ${min}`, at);
  return n;
}

export function parseExtractionFn(v: Json, at: string): ExtractionFn {
  if (!isObj(v)) fail('an extractionFn must be an object', at);
  const type = v.type;
  if (typeof type === 'string' && REFUSED[type]) throw unsupportedError(REFUSED[type] as string, `${at}/type`);
  if (typeof type !== 'string' || !(type in KEYS)) fail(`Could not resolve extraction function type '${String(type)}'`, `${at}/type`, 'InvalidTypeIdException');
  const t = type as ExtractionFn['type'];
  for (const key of Object.keys(v)) {
    if (key !== 'type' && !KEYS[t].includes(key)) fail(`Unrecognized field "${key}" (a ${t} extraction function has no such property)`, `${at}/${pointer(key)}`);
  }
  switch (t) {
    case 'identity':
    case 'strlen':
      return { type: t, at };
    case 'timeFormat': {
      const timeZone = absent(v.timeZone) ? 'UTC' : str(v.timeZone, `${at}/timeZone`, 'timeZone');
      if (!isTimeZone(timeZone)) fail(`The datetime zone id '${timeZone}' is not recognised`, `${at}/timeZone`);
      const g = v.granularity;
      if (!absent(g) && typeof g !== 'string' && !(isObj(g) && typeof g.type === 'string')) fail('granularity must be a granularity name', `${at}/granularity`);
      const granularity = absent(g) ? undefined : typeof g === 'string' ? g : String((g as Obj).type);
      if (!absent(v.asMillis) && typeof v.asMillis !== 'boolean') fail('asMillis must be true or false', `${at}/asMillis`);
      return {
        type: t,
        ...(absent(v.format) ? {} : { format: str(v.format, `${at}/format`, 'format') }),
        timeZone,
        ...(absent(v.locale) ? {} : { locale: str(v.locale, `${at}/locale`, 'locale') }),
        ...(granularity === undefined ? {} : { granularity }),
        asMillis: v.asMillis === true,
        at,
      };
    }
    case 'bucket': {
      const size = absent(v.size) ? 1 : num(v.size, `${at}/size`, 'size');
      if (size <= 0) fail('size must be a positive number', `${at}/size`);
      return { type: t, size, offset: absent(v.offset) ? 0 : num(v.offset, `${at}/offset`, 'offset'), at };
    }
    case 'substring':
      return { type: t, index: whole(v.index, `${at}/index`, 'index', 0), ...(absent(v.length) ? {} : { length: whole(v.length, `${at}/length`, 'length', 0) }), at };
    case 'regex':
      return {
        type: t,
        expr: str(v.expr, `${at}/expr`, 'expr'),
        index: absent(v.index) ? 1 : whole(v.index, `${at}/index`, 'index', 0),
        replaceMissingValue: v.replaceMissingValue === true,
        ...(absent(v.replaceMissingValueWith) ? {} : { replaceMissingValueWith: String(v.replaceMissingValueWith) }),
        at,
      };
    case 'upper':
    case 'lower':
      return { type: t, ...(absent(v.locale) ? {} : { locale: str(v.locale, `${at}/locale`, 'locale') }), at };
    case 'cascade': {
      const fns = list(v.extractionFns, `${at}/extractionFns`, 'extractionFns').map((f, i) => parseExtractionFn(f, `${at}/extractionFns/${i}`));
      if (fns.length === 0) fail('extractionFns must name at least one function', `${at}/extractionFns`);
      return { type: t, fns, at };
    }
    case 'searchQuery':
      if (!isObj(v.query)) fail('a searchQuery extraction function needs a query object', `${at}/query`);
      return { type: t, query: v.query, at };
    case 'stringFormat': {
      const nh = absent(v.nullHandling) ? 'nullString' : v.nullHandling;
      if (nh !== 'nullString' && nh !== 'emptyString' && nh !== 'returnNull') fail('nullHandling must be nullString, emptyString or returnNull', `${at}/nullHandling`);
      return { type: t, format: str(v.format, `${at}/format`, 'format'), nullHandling: nh, at };
    }
    case 'partial':
      return { type: t, expr: str(v.expr, `${at}/expr`, 'expr'), at };
  }
}

function unsupportedError(feature: string, at: string): ProxyError {
  return new ProxyError({ kind: 'unsupported', feature, at: { pointer: at } });
}

/** An `extraction` dimension spec's parts (parse.ts builds the Dimension from them). */
export function parseExtractionDimension(v: Obj, at: string): { dimension: string; outputName: string; outputType: 'STRING' | 'LONG' | 'FLOAT' | 'DOUBLE'; extractionFn: ExtractionFn; at: string } {
  for (const key of Object.keys(v)) {
    if (!['type', 'dimension', 'outputName', 'outputType', 'extractionFn', 'dimExtractionFn'].includes(key)) {
      fail(`Unrecognized field "${key}" (an extraction dimension spec has no such property)`, `${at}/${pointer(key)}`);
    }
  }
  const dimension = str(v.dimension, `${at}/dimension`, 'dimension');
  const fnKey = absent(v.extractionFn) ? 'dimExtractionFn' : 'extractionFn';
  if (absent(v[fnKey])) fail('Missing property extractionFn', `${at}/extractionFn`);
  const outputType = String(v.outputType ?? 'STRING').toUpperCase();
  if (outputType !== 'STRING' && outputType !== 'LONG' && outputType !== 'FLOAT' && outputType !== 'DOUBLE') fail('outputType must be STRING, LONG, FLOAT or DOUBLE', `${at}/outputType`);
  return {
    dimension,
    outputName: absent(v.outputName) ? dimension : str(v.outputName, `${at}/outputName`, 'outputName'),
    outputType,
    extractionFn: parseExtractionFn(v[fnKey], `${at}/${fnKey}`),
    at,
  };
}

/** The `extractionFn` of a filter, if it has one. */
export function filterExtraction(v: Obj, at: string): { extractionFn?: ExtractionFn } {
  return absent(v.extractionFn) ? {} : { extractionFn: parseExtractionFn(v.extractionFn, `${at}/extractionFn`) };
}
