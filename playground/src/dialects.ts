/**
 * What the playground knows of each dialect: how its editor is sent, where its clients put a
 * credential, how a request is pointed at another dataset, and how its answer reads as tables.
 */
import { fromRecords, isRecord, type Table } from './tables.js';

export type DialectId = 'relevance' | 'nue' | 'shopware' | 'druid' | 'opendatasoft';

export interface Dialect {
  readonly id: DialectId;
  readonly label: string;
  /** the editor holds JSON, or a GraphQL document that is sent as `{"query": …}` */
  readonly editor: 'json' | 'graphql';
  /** the header its clients send a credential in, and what the value looks like */
  readonly auth: { readonly header: string; readonly placeholder: string };
  /** the request aimed at dataset `to` instead of `from` */
  retarget(path: string, body: string, from: string, to: string): { path: string; body: string };
  tables(answer: unknown): Table[];
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** the dataset as a path segment: `/datasets/sales/aggregate`, `/api/search/product` */
function retargetPath(path: string, from: string, to: string): string {
  return path.replace(new RegExp(`/${escapeRe(from)}(?=/|$|\\?)`), `/${to}`);
}

const samePath = (f: (body: string, from: string, to: string) => string) => (path: string, body: string, from: string, to: string) => ({
  path: retargetPath(path, from, to),
  body: f(body, from, to),
});

/** each array-valued member as a table of its own */
const tablesOf = (obj: unknown): Table[] =>
  isRecord(obj) ? Object.entries(obj).filter(([, v]) => Array.isArray(v)).map(([k, v]) => fromRecords(k, v as unknown[])) : [];

/** whatever is a list of records, for shapes a dialect has besides its aggregations */
const fallback = (answer: unknown): Table[] => (Array.isArray(answer) ? [fromRecords('answer', answer)] : tablesOf(answer));

const relevance: Dialect = {
  id: 'relevance',
  label: 'Relevance AI',
  editor: 'json',
  auth: { header: 'Authorization', placeholder: '<project>:<api_key>' },
  retarget: samePath((b) => b),
  tables(answer) {
    if (!isRecord(answer)) return [];
    const { results } = answer;
    if (Array.isArray(results)) return [fromRecords('results', results)];
    // the cluster route: rows per cluster label
    if (isRecord(results)) {
      const rows = Object.entries(results).flatMap(([cluster, rs]) => (Array.isArray(rs) ? rs.map((r) => ({ cluster, ...(r as object) })) : []));
      const info = isRecord(answer.info) ? [fromRecords('info', Object.entries(answer.info).map(([cluster, i]) => ({ cluster, ...(i as object) })))] : [];
      return [fromRecords('results', rows), ...info];
    }
    return fallback(answer);
  },
};

const nue: Dialect = {
  id: 'nue',
  label: 'Nue GraphQL',
  editor: 'graphql',
  auth: { header: 'nue-api-key', placeholder: '<api key>' },
  retarget: samePath((body, from, to) => body.replace(new RegExp(`\\baggregate_${escapeRe(from)}\\b`, 'g'), `aggregate_${to}`)),
  tables(answer) {
    if (!isRecord(answer) || !isRecord(answer.data)) return [];
    // Nue's envelope {data: {result: {...}}}, or GraphQL's standard {data: {...}}
    return tablesOf(isRecord(answer.data.result) ? answer.data.result : answer.data);
  },
};

const shopware: Dialect = {
  id: 'shopware',
  label: 'Shopware DAL',
  editor: 'json',
  auth: { header: 'Authorization', placeholder: 'Bearer <token from POST /api/oauth/token>' },
  retarget: samePath((b) => b),
  tables(answer) {
    if (!isRecord(answer)) return [];
    const out: Table[] = [];
    const metrics: Record<string, unknown>[] = [];
    for (const [name, agg] of Object.entries(isRecord(answer.aggregations) ? answer.aggregations : {})) {
      if (!isRecord(agg)) continue;
      if (Array.isArray(agg.buckets)) out.push(fromRecords(name, agg.buckets));
      else if (isRecord(agg.ranges)) out.push(fromRecords(name, Object.entries(agg.ranges).map(([key, count]) => ({ key, count }))));
      else if (Array.isArray(agg.entities)) out.push(fromRecords(name, agg.entities));
      else metrics.push({ ...agg, name });
    }
    if (metrics.length > 0) out.push(fromRecords('metrics', metrics));
    if (Array.isArray(answer.data)) out.push(fromRecords('data', answer.data));
    return out;
  },
};

/** Druid's rows: groupBy `{timestamp, event}`, timeseries `{timestamp, result: {…}}`, topN `{timestamp, result: […]}`, scan `{events}` */
function druidRows(answer: unknown[]): unknown[] {
  return answer.flatMap((item) => {
    if (!isRecord(item)) return [item];
    const { timestamp } = item;
    if (isRecord(item.event)) return [{ timestamp, ...item.event }];
    if (Array.isArray(item.result)) return item.result.map((r) => ({ timestamp, ...(r as object) }));
    if (isRecord(item.result)) return [{ timestamp, ...item.result }];
    if (Array.isArray(item.events)) return item.events;
    return [item];
  });
}

const druid: Dialect = {
  id: 'druid',
  label: 'Apache Druid',
  editor: 'json',
  auth: { header: 'Authorization', placeholder: 'Basic <base64 of user:key>' },
  retarget: samePath((body, from, to) => body.replace(new RegExp(`("dataSource"\\s*:\\s*)"${escapeRe(from)}"`), `$1"${to}"`)),
  tables: (answer) => (Array.isArray(answer) ? [fromRecords('rows', druidRows(answer))] : fallback(answer)),
};

const opendatasoft: Dialect = {
  id: 'opendatasoft',
  label: 'Opendatasoft',
  editor: 'json',
  auth: { header: 'Authorization', placeholder: 'Apikey <key>' },
  retarget: samePath((b) => b),
  tables: (answer) => (isRecord(answer) && isRecord(answer.aggregations) ? tablesOf(answer.aggregations) : fallback(answer)),
};

export const DIALECTS: readonly Dialect[] = [relevance, nue, shopware, druid, opendatasoft];

export const dialectOf = (id: string): Dialect => DIALECTS.find((d) => d.id === id) ?? relevance;
