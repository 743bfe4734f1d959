/**
 * The HTTP-level errors of Shopware's Admin API that are not criteria problems: Symfony's routing
 * failures (no route, wrong method) and content negotiation, which Shopware's ErrorResponseFactory
 * renders as `{code: "0", status, title, detail}` without meta, and the DAL's missing record
 * (`FRAMEWORK__RESOURCE_NOT_FOUND`). They travel as `invalid_request` errors with one of these
 * rules; errors.ts gives each its status and shape.
 */
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { DialectRequest } from '../../src/dialect/contract.js';

export const HTTP_RULES = {
  routeNotFound: 'HTTP__404',
  methodNotAllowed: 'HTTP__405',
  unsupportedMediaType: 'HTTP__415',
  resourceNotFound: 'FRAMEWORK__RESOURCE_NOT_FOUND',
} as const;

/** rule → status and Symfony's status text */
export const HTTP_STATUS: Readonly<Record<string, { readonly status: number; readonly title: string }>> = {
  [HTTP_RULES.routeNotFound]: { status: 404, title: 'Not Found' },
  [HTTP_RULES.methodNotAllowed]: { status: 405, title: 'Method Not Allowed' },
  [HTTP_RULES.unsupportedMediaType]: { status: 415, title: 'Unsupported Media Type' },
  [HTTP_RULES.resourceNotFound]: { status: 404, title: 'Not Found' },
};

const fail = (rule: string, message: string): never => {
  throw new ProxyError({ kind: 'invalid_request', message, at: { pointer: '' }, rule });
};

/** Symfony's RouterListener message: method and the URL without its query, and the referer if any. */
function noRoute(req: DialectRequest): string {
  const referer = req.header('referer');
  return `No route found for "${req.method} ${req.url}"${referer ? ` (from "${referer}")` : ''}`;
}

/**
 * The methods a path answers to, as the proxy's Shopware routes are laid out (read-only: the
 * Admin API's writes — POST /api/{entity}, PATCH and DELETE /api/{entity}/{id} — are not served),
 * or undefined when no route has this path.
 */
export function allowedMethods(path: string): readonly string[] | undefined {
  const parts = path.replace(/\/+$/, '').split('/').slice(2);
  const [first, second] = parts;
  if (parts.length === 1 && first === '_info') return undefined;
  if (parts.length === 2 && (first === 'search' || first === 'search-ids' || first === 'aggregate')) return ['POST'];
  if (parts.length === 2 && first === 'oauth' && second === 'token') return ['POST'];
  if (parts.length === 2 && first === '_info' && second === 'version') return ['GET'];
  if (parts.length === 3 && first === 'v1' && second === '_info' && parts[2] === 'version') return ['GET'];
  if (parts.length === 1 && first) return ['GET'];
  // Shopware's detail route takes only a 32-digit hex id
  if (parts.length === 2 && first && /^[0-9a-f]{32}$/i.test(second ?? '')) return ['GET'];
  return undefined;
}

/** The catch-all's answer: Symfony's 405 when the path is a route of another method, else its 404. */
export function routeFailure(req: DialectRequest): never {
  const allowed = allowedMethods(new URL(req.url).pathname);
  if (allowed && !allowed.includes(req.method)) {
    return fail(HTTP_RULES.methodNotAllowed, `${noRoute(req)}: Method Not Allowed (Allow: ${allowed.join(', ')})`);
  }
  return fail(HTTP_RULES.routeNotFound, noRoute(req));
}

/** ApiController::detail when the id matches nothing: the entity and the primary key it looked for. */
export function resourceNotFound(entity: string, id: string): never {
  return fail(HTTP_RULES.resourceNotFound, `The ${entity} resource with the following primary key was not found: id(${id})`);
}

export function unsupportedMediaType(accept: string): never {
  return fail(HTTP_RULES.unsupportedMediaType, `All provided media types are unsupported. (${accept})`);
}
