/**
 * Shopware's Admin API read surface: the OAuth token endpoint `POST /api/oauth/token` its clients
 * call first, `GET /api/_info/version`, the read routes of routes.ts (search, search-ids,
 * aggregate, listing, detail; an entity being an exposed dataset), and Shopware's JSON:API 404/405
 * for every other path under `/api/`. Opendatasoft and Nue share `/api/`: the prefixes they claim
 * (`/api/explore`, `/api/v2`, `/api/graphql`, ...) never reach this dialect's routes (Dialect.claims),
 * and `/api` itself stays Opendatasoft's.
 */
import type { Dialect, DialectRoute } from '../../src/dialect/contract.js';
import { issueToken } from './oauth.js';
import { shopwareCredentials } from './auth.js';
import { renderShopwareError } from './errors.js';
import { shopwarePaths } from './openapi.js';
import { readRoutes } from './routes.js';
import { routeFailure } from './http-errors.js';

export { DEFAULT_CURRENCY, SYSTEM_LANGUAGE } from './routes.js';

/**
 * The release `GET /api/_info/version` reports: the 6.6 line the fixtures stand for (trunk of
 * 2024-10-24, after 6.6.7.1), at 6.6.10.0, the first release with every route served here
 * (`POST /api/aggregate/{entity}` is "available since 6.6.10.0" in the Admin API's schema).
 */
export const SHOPWARE_VERSION = '6.6.10.0';

const token: DialectRoute = {
  kind: 'info',
  method: 'post',
  paths: ['/api/oauth/token'],
  authenticated: false,
  body: 'form',
  headers: { 'cache-control': 'no-store' },
  answer: (req, datasets) => issueToken(datasets.accessControl, req.body),
};

// InfoController: behind the Admin API's authentication, as every route without auth_required=false
const version: DialectRoute = { kind: 'info', method: 'get', paths: ['/api/_info/version', '/api/v1/_info/version'], answer: () => ({ version: SHOPWARE_VERSION }) };

/** Symfony's routing fails before authentication: unknown routes answer 404 (or 405) with or without a token. */
const notFound: DialectRoute = { kind: 'info', method: 'all', paths: ['/api/*rest'], authenticated: false, body: 'none', answer: (req) => routeFailure(req) };
/** GET paths the authenticated listing and detail routes would take first: their 405/404 before any token check too. */
const misrouted: DialectRoute = { ...notFound, method: 'get', paths: ['/api/search/:entity', '/api/search-ids/:entity', '/api/aggregate/:entity', '/api/oauth/token', '/api/_info'] };

export const shopwareDialect: Dialect = {
  id: 'shopware',
  renderError: renderShopwareError,
  credentials: shopwareCredentials,
  // the catch-all last; version and the misrouted GETs before the listing and detail routes, whose paths they also fit
  routes: [token, version, misrouted, ...readRoutes, notFound],
  // the answer's form follows Accept (JSON or JSON:API), so memoized answers vary on it
  vary: ['sw-currency-id', 'sw-language-id', 'accept'],
  openapi: shopwarePaths,
};
