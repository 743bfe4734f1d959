/**
 * Shopware's Admin API search surface: `POST /api/search/{entity}` (records, total and aggregations)
 * and `POST /api/search-ids/{entity}` (ids only), an entity being an exposed dataset; and the OAuth
 * token endpoint `POST /api/oauth/token` its clients call first.
 */
import { ProxyError } from '../../src/errors/proxy-error.js';
import { queryRoute, type Dialect, type DialectRequest, type DialectRoute } from '../../src/dialect/contract.js';
import { issueToken } from './oauth.js';
import { shopwareCredentials } from './auth.js';
import { parseCriteria, CODES } from './parse.js';
import type { Criteria } from './types.js';
import { lowerCriteria } from './lower.js';
import { formatAggregations, formatDocuments } from './format.js';
import { renderShopwareError } from './errors.js';
import { idField } from './fields.js';
import { shopwarePaths } from './openapi.js';

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

interface Search {
  readonly entity: string;
  readonly criteria: Criteria;
}

const search = (path: string, idsOnly: boolean): DialectRoute =>
  queryRoute<Search>({
    method: 'post',
    paths: [path],
    parse(req, config) {
      checkContext(req);
      const entity = String(req.params.entity);
      return { dataset: entity, request: { entity, criteria: parseCriteria(req.body ?? {}, config.limits) } };
    },
    lower({ entity, criteria }, { dataset, schema, config }) {
      const ctx = { entity, dataset, schema };
      const plan = lowerCriteria(ctx, criteria, config, idsOnly);
      return {
        dataset,
        queries: [...plan.aggregations.map((a) => a.query), ...(plan.groupCount ? [plan.groupCount] : [])],
        documents: plan.documents,
        format: (tables, page) => {
          const groups = plan.groupCount ? tables[plan.aggregations.length]?.groupCount : undefined;
          const docs = formatDocuments(plan, page, entity, idField(ctx), idsOnly, groups);
          return idsOnly ? docs : { ...docs, aggregations: formatAggregations(plan, tables) };
        },
      };
    },
  });

export const shopwareDialect: Dialect = {
  id: 'shopware',
  renderError: renderShopwareError,
  credentials: shopwareCredentials,
  routes: [
    {
      kind: 'info',
      method: 'post',
      paths: ['/api/oauth/token'],
      authenticated: false,
      body: 'form',
      headers: { 'cache-control': 'no-store' },
      answer: (req, datasets) => issueToken(datasets.accessControl, req.body),
    },
    search('/api/search/:entity', false),
    search('/api/search-ids/:entity', true),
  ],
  vary: ['sw-currency-id', 'sw-language-id'],
  openapi: shopwarePaths,
};
