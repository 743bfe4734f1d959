/**
 * GET .../datasets/{id}/facets?facet=field&…: the values of each facet field with their record
 * counts, under the request's where/refine/exclude, as `{links, facets: [{name, facets: [{name,
 * count, state, value}]}]}`. Values sort by count, most first, then by value; a refined value is
 * `refined`, the others `displayed`. A date facet counts per year (the first level of Opendatasoft's
 * date facets). Without `facet`, every field that can be faceted (text, int, double, date, boolean).
 */
import { queryRoute, type Lowered } from '../../../src/dialect/contract.js';
import type { AggQuery, GroupKey } from '../../../src/ir/nodes.js';
import { COUNT_COLUMN } from '../../../src/ir/names.js';
import { findField, type DatasetSchema, type FieldInfo } from '../../../src/ir/schema.js';
import { OdsqlError } from './ast.js';
import { fail } from '../errors.js';
import { readParams, RECORDS_BOUNDS, type ExploreParams } from './params.js';
import { filterOf } from './records.js';
import { collectorOf, odsql } from './collect.js';
import type { Collector } from '../../../src/errors/collector.js';
import { isoDate } from '../dates.js';

interface FacetRequest {
  readonly params: ExploreParams;
  readonly facets: readonly string[];
}

const FACET_PARAMS = new Set(['where', 'refine', 'exclude', 'facet']);

/** The facet fields, each on its own: its problem is recorded in `c`. */
function facetFields(schema: DatasetSchema, names: readonly string[], c: Collector): FieldInfo[] {
  if (names.length === 0) {
    return [...schema.fields.values()].filter((f) => !f.path.includes('.') && f.exactPath !== undefined && f.category !== 'other');
  }
  return c.each(names, (n) =>
    odsql(() => {
      const f = findField(schema, n.trim());
      if (!f) throw new OdsqlError(`Unknown field: ${n}`, 'refine', 0);
      if (!f.exactPath || f.category === 'other') throw new OdsqlError(`field '${n}' cannot be a facet`, 'refine', 0);
      return f;
    }),
  );
}

/** A date facet's values are the years of the request zone's calendar. */
function facetKey(f: FieldInfo, timeZone: string): GroupKey {
  if (f.category === 'date') return { kind: 'dateHistogram', name: 'v', field: f.path, interval: { calendar: 'year' }, timeZone, missing: 'exclude', origin: '/facet' };
  return { kind: 'terms', name: 'v', field: f.path, missing: 'exclude', origin: '/facet' };
}

const printed = (f: FieldInfo, v: unknown, timeZone: string): string => (f.category === 'date' && typeof v === 'number' ? isoDate(v, timeZone).slice(0, 4) : String(v));

export const facets = queryRoute<FacetRequest>({
  method: 'get',
  paths: ['/api/explore/v2.1/catalog/datasets/:dataset/facets'],
  parse(req) {
    const raw = req.query.facet;
    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const names = (x: unknown): x is string => typeof x === 'string' && /^[A-Za-z0-9_.]+$/.test(x.trim());
    const params = readParams(req.query, FACET_PARAMS, RECORDS_BOUNDS, (c) => {
      if (!list.every(names)) c.attempt(() => fail('InvalidRESTParameterError', 'Invalid value for facet API parameter: a facet is a field name', '/facet'));
    });
    return { dataset: String(req.params.dataset), request: { params, facets: list.filter(names) } };
  },
  lower({ params, facets: names }, input): Lowered<unknown> {
    const c = collectorOf(params.invalid);
    const filter = filterOf(params, input.schema, input.config.limits.maxDepth, c);
    const fields = facetFields(input.schema, names, c);
    c.throwIfAny();
    const queries: AggQuery[] = fields.map((f) => ({
      kind: 'AggQuery',
      dataset: input.dataset.name,
      ...(filter ? { filter } : {}),
      levels: [{ keys: [facetKey(f, params.timeZone)], metrics: [], post: [], order: [{ column: COUNT_COLUMN, direction: 'desc', compare: 'natural' }, { column: 'v', direction: 'asc', compare: 'natural' }], offset: 0, limit: null }],
    }));
    const refined = new Set(params.refine);
    return {
      dataset: input.dataset,
      queries,
      format: (tables) => ({
        links: [],
        facets: fields.map((f, i) => ({
          name: f.path,
          facets: (tables[i]?.rows ?? []).map((r) => {
            const value = printed(f, r.keys.v, params.timeZone);
            return { name: value, count: r.count, state: refined.has(`${f.path}:${value}`) ? 'refined' : 'displayed', value };
          }),
        })),
      }),
    };
  },
});
