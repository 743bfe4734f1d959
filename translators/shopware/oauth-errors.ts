/**
 * OAuth errors as Shopware answers them: league/oauth2-server 8.5's OAuthServerException, turned
 * by Shopware's ErrorResponseFactory into one JSON:API error whose `code` is league's number,
 * `title` league's message and `detail` its hint (null when it has none). Statuses are league's:
 * wrong user credentials are a 400, a bad refresh token a 401.
 */
import type { ErrorDetail } from '../../src/errors/proxy-error.js';

/** league's codes (OAuthServerException) */
export const LEAGUE = { unsupportedGrant: '2', invalidRequest: '3', invalidClient: '4', invalidScope: '5', invalidCredentials: '6', invalidRefreshToken: '8', accessDenied: '9' } as const;

/** league's messages, by code: Shopware's `title` */
export const LEAGUE_TITLES: Readonly<Record<string, string>> = {
  '2': 'The authorization grant type is not supported by the authorization server.',
  '3': 'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
  '4': 'Client authentication failed',
  '5': 'The requested scope is invalid, unknown, or malformed',
  '6': 'The user credentials were incorrect.',
  '8': 'The refresh token is invalid.',
  '9': 'The resource owner or authorization server denied the request.',
};

export interface OAuthError {
  readonly status: number;
  readonly code: string;
  readonly detail: string | null;
}

/** league's hints (RefreshTokenGrant, Shopware's BearerTokenValidator), by what went wrong */
const REFRESH_HINTS = { invalid: 'Cannot decrypt the refresh token', expired: 'Token has expired', revoked: 'Token has been revoked' } as const;
const ACCESS_HINTS = { invalid: 'Access token could not be verified', expired: 'Access token is expired', revoked: 'Access token has been revoked' } as const;

/** A missing, wrong, expired or revoked credential, as Shopware answers it. */
export function unauthorizedError(d: Extract<ErrorDetail, { kind: 'unauthorized' }>): OAuthError {
  switch (d.credential) {
    case 'client':
      return { status: 401, code: LEAGUE.invalidClient, detail: null };
    case 'user':
      return { status: 400, code: LEAGUE.invalidCredentials, detail: null };
    case 'refresh':
      return { status: 401, code: LEAGUE.invalidRefreshToken, detail: d.reason === 'missing' ? REFRESH_HINTS.invalid : REFRESH_HINTS[d.reason] };
    case undefined:
      return { status: 401, code: LEAGUE.accessDenied, detail: d.reason === 'missing' ? 'Missing "Authorization" header' : ACCESS_HINTS[d.reason] };
  }
}
