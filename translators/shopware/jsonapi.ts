/**
 * The Admin API's JSON:API form (`Accept: application/vnd.api+json`), as Shopware's JsonApiType
 * and JsonApiEncoder build it: each record `{id, type, attributes, links: {self}, relationships,
 * meta}` (every field but `id` an attribute, narrowed by the entity's `includes`), `included`, and
 * at the top `links` (pagination and self), `meta: {totalCountMode, total}` and `aggregations`
 * (the same encoded results as the JSON form). A detail read is `{data, included, links: {self}}`.
 *
 * Differences: the datasets carry no association definitions, so embedded objects (manufacturer,
 * categories, ...) stay attributes, `relationships` is empty and `included` always `[]`; attribute
 * order is the document's, not the entity definition's.
 */
import qs from 'qs';
import Negotiator from 'negotiator';
import type { DialectRequest } from '../../src/dialect/contract.js';
import type { TotalCountMode } from './types.js';
import type { ShopwarePlan } from './lower.js';
import { unsupportedMediaType } from './http-errors.js';

type Obj = Record<string, unknown>;

export const JSON_API = 'application/vnd.api+json';
const PLAIN_JSON = 'application/json';

/**
 * The answer form the Accept header asks for, as ResponseFactoryRegistry picks it (the first
 * acceptable type one of its two factories supports), or Shopware's 415 when it names neither.
 * One difference: Shopware answers `*\/*` (and curl's default) with JSON:API; here `*\/*` and a
 * missing Accept get plain JSON, the form every client of the proxy has read so far.
 */
export function answerForm(req: DialectRequest): 'json' | 'jsonapi' {
  const accept = req.header('accept');
  const [first] = new Negotiator({ headers: accept === undefined ? {} : { accept } }).mediaTypes([PLAIN_JSON, JSON_API]);
  if (first === undefined) return unsupportedMediaType(accept ?? '');
  return first === JSON_API ? 'jsonapi' : 'json';
}

/** Where the request came from, for the links: `scheme://host`, the path and the PHP-parsed query. */
export interface Origin {
  readonly host: string;
  readonly path: string;
  readonly query: Readonly<Record<string, unknown>>;
}

export function originOf(req: DialectRequest, query: Readonly<Record<string, unknown>>): Origin {
  const u = new URL(req.url);
  return { host: `${u.protocol}//${u.host}`, path: u.pathname, query };
}

/** Symfony's Request::getUri(): the query string normalized (keys sorted, RFC 3986). */
function selfUri(o: Origin): string {
  const sorted = Object.fromEntries(Object.entries(o.query).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const q = qs.stringify(sorted, { format: 'RFC3986' });
  return `${o.host}${o.path}${q ? `?${q}` : ''}`;
}

/** JsonFactoryBase::buildPaginationUrl: the request's parameters with limit and page replaced (http_build_query). */
const pageUrl = (o: Origin, limit: number, page: number): string => `${o.host}${o.path}?${qs.stringify({ ...o.query, limit, page }, { format: 'RFC1738' })}`;

/** camelCase or snake_case → kebab-case, as the encoder writes entity names into URLs. */
const kebab = (s: string): string => s.replace(/_/g, '-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/^-/, '');

function record(plan: ShopwarePlan, entity: string, idField: string, row: Obj, o: Origin): Obj {
  const keep = plan.criteria.includes[entity];
  const drop = plan.criteria.excludes[entity] ?? [];
  const attributes: Obj = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === idField || k === 'id' || (keep && !keep.includes(k)) || drop.includes(k)) continue;
    // an empty customFields is an object in JSON:API, as Record::merge forces it
    attributes[k] = k === 'customFields' && Array.isArray(v) && v.length === 0 ? {} : v;
  }
  const id = String(row[idField] ?? '');
  return { id, type: entity, attributes, links: { self: `${o.host}/api/${kebab(entity)}/${id}` }, relationships: {}, meta: null };
}

const COUNT_MODE: Record<TotalCountMode, number> = { none: 0, exact: 1, 'next-pages': 2 };

/** JsonFactoryBase::createPaginationLinks. */
function pagination(plan: ShopwarePlan, total: number, o: Origin): Obj {
  const { limit, page, totalCountMode } = plan.criteria;
  if (limit === null || limit <= 0) return {};
  const links: Obj = { first: pageUrl(o, limit, 1) };
  if (page > 1) links.prev = pageUrl(o, limit, page - 1);
  if (totalCountMode === 'none' && total >= limit) links.next = pageUrl(o, limit, page + 1);
  if (totalCountMode === 'exact') {
    const last = Math.max(1, Math.ceil(total / limit));
    links.last = pageUrl(o, limit, last);
    if (page < last) links.next = pageUrl(o, limit, page + 1);
  }
  if (totalCountMode === 'next-pages') {
    if (total > limit) links.next = pageUrl(o, limit, page + 1);
    if (total > 0 && total < limit * 5 + 1) links.last = pageUrl(o, limit, page - 1 + Math.ceil(total / limit));
  }
  return links;
}

export interface Listing {
  readonly plan: ShopwarePlan;
  readonly entity: string;
  readonly idField: string;
  readonly rows: readonly Obj[];
  readonly total: number;
  readonly aggregations: Obj;
}

export function jsonApiListing(l: Listing, o: Origin): Obj {
  return {
    data: l.rows.map((r) => record(l.plan, l.entity, l.idField, r, o)),
    included: [],
    links: { ...pagination(l.plan, l.total, o), self: selfUri(o) },
    meta: { totalCountMode: COUNT_MODE[l.plan.criteria.totalCountMode], total: l.total },
    aggregations: l.aggregations,
  };
}

export function jsonApiDetail(plan: ShopwarePlan, entity: string, idField: string, row: Obj, o: Origin): Obj {
  return { data: record(plan, entity, idField, row, o), included: [], links: { self: selfUri(o) } };
}
