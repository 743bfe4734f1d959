/**
 * Shopware's `POST /api/oauth/token` for integrations (OAuth 2 client credentials, as
 * league/oauth2-server answers it): `{token_type, expires_in, access_token}`, no refresh token; the
 * client asks again when the token expires. The body may be JSON or form-encoded.
 */
import type { AccessControl } from '../../src/auth/access.js';
import { ProxyError } from '../../src/errors/proxy-error.js';

export interface TokenResponse {
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly access_token: string;
}

export function issueToken(access: AccessControl, body: unknown): TokenResponse {
  const f = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  if (f.grant_type !== 'client_credentials') {
    throw new ProxyError({
      kind: 'invalid_request',
      message: 'The authorization grant type is not supported by the authorization server.',
      at: { pointer: '/grant_type' },
      rule: '2',
    });
  }
  if (typeof f.client_id !== 'string' || typeof f.client_secret !== 'string') {
    throw new ProxyError({ kind: 'unauthorized', reason: 'missing', credential: 'client', message: 'Client authentication failed: the client credentials are missing' });
  }
  const t = access.issueToken(f.client_id, f.client_secret);
  return { token_type: 'Bearer', expires_in: t.expiresIn, access_token: t.accessToken };
}
