/**
 * Shopware's Admin API search surface: `POST /api/search/{entity}` (records, total and aggregations)
 * and `POST /api/search-ids/{entity}` (ids only). An entity is an exposed dataset.
 */
import express, { type Request, type Router } from 'express';
import type { Logger } from 'pino';
import type { Pipeline, RunResult } from '../../src/server/pipeline.js';
import type { SchemaRegistry } from '../../src/backend/schema.js';
import type { ResultCache } from '../../src/cache/result-cache.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { issueToken } from './oauth.js';
import { shopwareCredentials } from './auth.js';
import { dialectRouter, handle, tenantOf, runOptions, sendResult } from '../../src/server/http.js';
import type { Dialect, LowerContext } from '../translator.js';
import { parseCriteria, CODES } from './parse.js';
import { lowerCriteria } from './lower.js';
import { formatAggregations, formatDocuments } from './format.js';
import { renderShopwareError } from './errors.js';
import { idField } from './fields.js';

export const shopwareDialect: Dialect = { id: 'shopware', renderError: renderShopwareError, credentials: shopwareCredentials };

/** The default context's currency and language: the only ones the indexed values stand for. */
export const DEFAULT_CURRENCY = 'b7d2554b0ce847cd82f3ac9bd1c0dfca';
export const SYSTEM_LANGUAGE = '2fbb5fe2e29a4d70aa5854ce7ce3e20b';

export interface ShopwareRouteDeps extends LowerContext {
  readonly pipeline: Pipeline;
  readonly cache: ResultCache;
  readonly schemas: SchemaRegistry;
  readonly logger: Logger;
}

/** A context the index cannot answer for would give wrong numbers: refuse it by name. */
function checkContext(req: Request): void {
  const currency = req.get('sw-currency-id');
  if (currency && currency.toLowerCase() !== DEFAULT_CURRENCY) {
    throw new ProxyError({ kind: 'invalid_request', message: `Only the default currency (${DEFAULT_CURRENCY}) is indexed; sw-currency-id ${currency} is not supported.`, at: { pointer: '' }, rule: CODES.unsupported });
  }
  const language = req.get('sw-language-id');
  if (language && language.toLowerCase() !== SYSTEM_LANGUAGE) {
    throw new ProxyError({ kind: 'invalid_request', message: `Only the system language (${SYSTEM_LANGUAGE}) is indexed; sw-language-id ${language} is not supported.`, at: { pointer: '' }, rule: CODES.unsupported });
  }
}

export function shopwareRouter(deps: ShopwareRouteDeps): Router {
  const { pipeline, catalog, config, schemas, logger } = deps;

  const search = async (req: Request, idsOnly: boolean): Promise<RunResult<unknown>> => {
    checkContext(req);
    const entity = String(req.params.entity);
    const dataset = catalog.resolve(entity, tenantOf(req));
    const criteria = parseCriteria(req.body ?? {}, config.limits);
    const schema = await schemas.get(dataset);
    const ctx = { entity, dataset, schema };
    const plan = lowerCriteria(ctx, criteria, config, idsOnly);
    return pipeline.run(
      {
        dataset,
        queries: plan.aggregations.map((a) => a.query),
        documents: plan.documents,
        format: (tables, page) => {
          const docs = formatDocuments(plan, page, entity, idField(ctx), idsOnly);
          return idsOnly ? docs : { ...docs, aggregations: formatAggregations(plan, tables) };
        },
      },
      runOptions(req),
    );
  };

  // OAuth clients send the token request as JSON or, as RFC 6749 has it, form-encoded
  const tokenBody = [express.urlencoded({ extended: false, limit: 4096 }), express.json({ limit: 4096 })];
  return dialectRouter(shopwareDialect, config.limits.maxBodyBytes, logger, deps.cache, catalog.access, (r, json) => {
    r.post('/api/oauth/token', tokenBody, handle(shopwareDialect, logger, async (req, res) => {
      res.setHeader('cache-control', 'no-store');
      res.json(issueToken(catalog.access, req.body));
    }));
    r.post('/api/search/:entity', json, handle(shopwareDialect, logger, async (req, res) => {
      sendResult(res, await search(req, false));
    }));
    r.post('/api/search-ids/:entity', json, handle(shopwareDialect, logger, async (req, res) => {
      sendResult(res, await search(req, true));
    }));
  }, ['sw-currency-id', 'sw-language-id']);
}
