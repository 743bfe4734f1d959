/**
 * The Admin API's read routes, all through one criteria path (parse → lowerCriteria → format):
 * `POST /api/search/{entity}`, `POST /api/search-ids/{entity}`, `POST /api/aggregate/{entity}`
 * (aggregations only), `GET /api/{entity}` (a listing, criteria from the query string) and
 * `GET /api/{entity}/{id}` (one record). Search, aggregate, listing and detail answer in the JSON
 * or the JSON:API form the Accept header asks for (jsonapi.ts); search-ids is always plain JSON,
 * as Shopware's is.
 */
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { Limits } from '../../src/policy/limits.js';
import { queryRoute, type DialectRequest, type DialectRoute, type Lowered, type Staged } from '../../src/dialect/contract.js';
import type { AggQuery } from '../../src/ir/nodes.js';
import type { DocumentsQuery } from '../../src/ir/documents.js';
import type { ResultTable } from '../../src/ir/result.js';
import { parseCriteria, CODES } from './parse.js';
import type { Criteria } from './types.js';
import { lowerCriteria } from './lower.js';
import { representatives } from './grouping.js';
import { formatAggregations, formatDocuments, jsonRecord, pageOf } from './format.js';
import { idField } from './fields.js';
import { queryCriteria, phpQuery } from './query-criteria.js';
import { answerForm, jsonApiDetail, jsonApiListing, JSON_API, originOf, type Origin } from './jsonapi.js';
import { allowedMethods, resourceNotFound, routeFailure } from './http-errors.js';

/** The default context's currency and language: the only ones the indexed values stand for. */
export const DEFAULT_CURRENCY = 'b7d2554b0ce847cd82f3ac9bd1c0dfca';
export const SYSTEM_LANGUAGE = '2fbb5fe2e29a4d70aa5854ce7ce3e20b';

/** A context the index cannot answer for would give wrong numbers: refuse it by name. */
function checkContext(req: DialectRequest): void {
  const currency = req.header('sw-currency-id');
  if (currency && currency.toLowerCase() !== DEFAULT_CURRENCY) {
    throw new ProxyError({ kind: 'invalid_request', message: `Only the default currency (${DEFAULT_CURRENCY}) is indexed; sw-currency-id ${currency} is not supported.`, at: { pointer: '' }, rule: CODES.unsupported });
  }
  const language = req.header('sw-language-id');
  if (language && language.toLowerCase() !== SYSTEM_LANGUAGE) {
    throw new ProxyError({ kind: 'invalid_request', message: `Only the system language (${SYSTEM_LANGUAGE}) is indexed; sw-language-id ${language} is not supported.`, at: { pointer: '' }, rule: CODES.unsupported });
  }
}

type Kind = 'search' | 'ids' | 'aggregate' | 'list' | 'detail';

interface Read {
  readonly kind: Kind;
  readonly entity: string;
  readonly criteria: Criteria;
  readonly form: 'json' | 'jsonapi';
  /** for the JSON:API links */
  readonly origin: Origin;
  /** the detail read's id */
  readonly id?: string;
}

const mediaType = (r: Read): string | undefined => (r.form === 'jsonapi' ? JSON_API : undefined);

function parseRead(kind: Kind, req: DialectRequest, limits: Limits): Read {
  checkContext(req);
  const entity = String(req.params.entity);
  const get = kind === 'list' || kind === 'detail';
  // a GET path another route owns (GET /api/search/product) or no route at all (a non-hex id): Symfony's 405 / 404
  if (get && !allowedMethods(new URL(req.url).pathname)?.includes('GET')) routeFailure(req);
  const form = kind === 'ids' ? 'json' : answerForm(req);
  const criteria = get ? queryCriteria(req.query, limits) : parseCriteria(req.body ?? {}, limits);
  const origin = originOf(req, get ? phpQuery(req.query) : {});
  if (kind !== 'detail') return { kind, entity, criteria, form, origin };
  if (criteria.aggregations.length > 0) {
    // ApiController::detail computes them and drops them: answering without them would hide that
    throw new ProxyError({ kind: 'invalid_request', message: 'A detail read returns no aggregations; use POST /api/aggregate/{entity}.', at: { pointer: '/aggregations' }, rule: CODES.unsupported });
  }
  const id = String(req.params.id);
  return { kind, entity, criteria: { ...criteria, ids: [id] }, form, origin, id };
}

const route = (kind: Kind, method: 'get' | 'post', path: string): DialectRoute =>
  queryRoute<Read>({
    method,
    paths: [path],
    parse(req, config) {
      const read = parseRead(kind, req, config.limits);
      return { dataset: read.entity, request: read };
    },
    mediaType,
    lower(read, { dataset, schema, config }): Lowered<unknown> | Staged<unknown> {
      const { entity, kind, form, origin } = read;
      const ctx = { entity, dataset, schema };
      const id = idField(ctx);
      const plan = lowerCriteria(ctx, read.criteria, config, kind === 'ids');
      const queries = plan.aggregations.map((a) => a.query);
      if (kind === 'aggregate') {
        // the listing answer with no records (total 0, data []), as the client's schema has it
        return {
          dataset,
          queries,
          format: (tables) => {
            const aggregations = formatAggregations(plan, tables);
            return form === 'jsonapi' ? jsonApiListing({ plan, entity, idField: id, rows: [], total: 0, aggregations }, origin) : { total: 0, data: [], aggregations };
          },
        };
      }
      const records = (documents: DocumentsQuery, extra: readonly AggQuery[], groupsOf: (tables: readonly ResultTable[]) => number | undefined): Lowered<unknown> => ({
        dataset,
        queries: kind === 'detail' ? [] : [...queries, ...extra],
        documents,
        format: (tables, page) => {
          const groups = groupsOf(tables);
          if (kind === 'ids') return formatDocuments(plan, page, entity, id, true, groups);
          const { total, rows } = pageOf(plan, page, id, groups);
          if (kind === 'detail') {
            const row = rows[0];
            if (!row) return resourceNotFound(entity, read.id ?? '');
            return form === 'jsonapi' ? jsonApiDetail(plan, entity, id, row, origin) : { data: jsonRecord(plan, entity, row) };
          }
          const aggregations = formatAggregations(plan, tables);
          if (form === 'jsonapi') return jsonApiListing({ plan, entity, idField: id, rows, total, aggregations }, origin);
          return { total, data: rows.map((r) => jsonRecord(plan, entity, r)), aggregations };
        },
      });
      // a detail read is one record, one group
      const grouping = kind === 'detail' ? undefined : plan.grouping;
      if (grouping?.kind === 'probe') {
        // the groups first; the records are their representatives, the total their number
        return { dataset, probe: [grouping.probe], then: ([t]) => (t ? records(representatives(plan.documents, grouping.restrict(t)), [], () => t.groupCount) : records(plan.documents, [], () => 0)) };
      }
      // collapsed: one more query after the aggregations counts the groups (the total)
      if (grouping?.kind === 'collapse') return records(plan.documents, [grouping.count], (tables) => tables[queries.length]?.groupCount);
      return records(plan.documents, [], () => undefined);
    },
  });

export const readRoutes: readonly DialectRoute[] = [
  route('search', 'post', '/api/search/:entity'),
  route('ids', 'post', '/api/search-ids/:entity'),
  route('aggregate', 'post', '/api/aggregate/:entity'),
  route('list', 'get', '/api/:entity'),
  route('detail', 'get', '/api/:entity/:id'),
];
