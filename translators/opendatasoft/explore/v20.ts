/**
 * The Explore API v2.0 forms: `/api/v2/catalog/datasets/{id}` (`{links, dataset}`), `/records`
 * (`{total_count, links, records: [{links, record: {id, timestamp, size, fields}}]}`) and `/aggregates`
 * (`{links, aggregations: [rows]}`), the same ODSQL and IR as v2.1 in v2.0's envelopes. The beta
 * aggregate answer's `links.dataset` points at the first of them.
 */
import { queryRoute, type DialectRoute, type Lowered } from '../../../src/dialect/contract.js';
import { readParams, RECORDS_BOUNDS, RECORDS_PARAMS, type ExploreParams } from './params.js';
import { answerRows, planRecords } from './records.js';
import { showDataset } from './catalog.js';
import type { AggQuery, RowPredicate } from '../../../src/ir/nodes.js';
import { createHash } from 'node:crypto';

const V20 = '/api/v2/catalog/datasets';

const link = (rel: string, href: string) => ({ rel, href });
/** the dataset's v2.0 URL, from the URL the client called (`.../datasets/{id}/records` → `.../datasets/{id}`) */
export const datasetUrl = (url: string): string => url.replace(/\/(records|aggregates?)\/?$/, '');

const V20_RECORDS_PARAMS = new Set([...RECORDS_PARAMS].filter((p) => p !== 'group_by'));

type Format = Lowered<unknown>['format'];

export const v2Records = queryRoute<ExploreParams>({
  method: 'get',
  paths: [`${V20}/:dataset/records`],
  parse: (req) => ({ dataset: String(req.params.dataset), request: readParams(req.query, V20_RECORDS_PARAMS, RECORDS_BOUNDS) }),
  lower(p, input): Lowered<unknown> {
    const plan = planRecords(p, input);
    const ds = datasetUrl(input.http.url);
    const format: Format = (tables, page) => {
      const { total, rows } = answerRows(plan, input.schema, tables, page);
      return {
        total_count: total,
        links: [link('self', input.http.url), link('dataset', ds)],
        records: rows.map((fields, i) => ({ links: [link('dataset', ds)], record: recordOf(input.dataset.name, page?.ids?.[i], fields) })),
      };
    };
    return plan.kind === 'groups' ? { dataset: input.dataset, queries: [plan.query], format } : { dataset: input.dataset, queries: [], documents: plan.query, format };
  },
});

export const v2Aggregates = queryRoute<ExploreParams>({
  method: 'get',
  paths: [`${V20}/:dataset/aggregates`],
  parse: (req) => ({ dataset: String(req.params.dataset), request: readParams(req.query, RECORDS_PARAMS, RECORDS_BOUNDS) }),
  lower(p, input): Lowered<unknown> {
    // an aggregates request is grouped even without group_by or aggregates: select=field lists its values
    const grouped: ExploreParams = p.groupBy === undefined && p.select !== undefined && !/\(/.test(p.select) ? { ...p, groupBy: p.select } : p;
    const plan = planRecords(grouped, input);
    const ds = datasetUrl(input.http.url);
    const format: Format = (tables, page) => ({ links: [link('self', input.http.url), link('dataset', ds)], aggregations: answerRows(plan, input.schema, tables, page).rows });
    return plan.kind === 'groups' ? { dataset: input.dataset, queries: [withoutNullGroups(plan.query)], format } : { dataset: input.dataset, queries: [], documents: plan.query, format };
  },
});

export const v2Dataset: DialectRoute = {
  kind: 'info',
  method: 'get',
  paths: [`${V20}/:dataset`],
  answer: async (req, datasets) => {
    const dataset = await showDataset(String(req.params.dataset), req.query, datasets);
    return { links: [link('self', req.url), link('records', `${req.url}/records`), link('aggregates', `${req.url}/aggregates`)], dataset };
  },
};

/**
 * v2.0 makes no group of null values (v2.1 does: the Explore API v2.1 reference, "Handling null
 * values"): a group whose key is null is left out before the order and the limit apply.
 */
function withoutNullGroups(q: AggQuery): AggQuery {
  return {
    ...q,
    levels: q.levels.map((level) => {
      const present: RowPredicate[] = level.keys.map((k) => ({ kind: 'not', operand: { kind: 'compare', column: k.name, op: 'eq', value: null } }));
      if (present.length === 0) return level;
      const all: RowPredicate[] = level.having ? [level.having, ...present] : present;
      return { ...level, having: all.length === 1 ? (all[0] as RowPredicate) : { kind: 'and', operands: all } };
    }),
  };
}

/**
 * A v2.0 record: `id` a 40-digit hex string as Opendatasoft's (here the SHA-1 of the dataset and the
 * document's engine id, so it is stable and names one document), `size` the byte length of its
 * fields as JSON, `timestamp` null: Opendatasoft's is the time its platform processed the record, which
 * an index does not know. A group row (aggregates in select) has no document: fields only.
 */
function recordOf(dataset: string, engineId: string | undefined, fields: Record<string, unknown>): Record<string, unknown> {
  if (engineId === undefined) return { fields };
  const id = createHash('sha1').update(`${dataset}\u0000${engineId}`).digest('hex');
  return { id, timestamp: null, size: Buffer.byteLength(JSON.stringify(fields)), fields };
}
