/**
 * Shopware's `POST /api/oauth/token`, as league/oauth2-server answers it behind Shopware's
 * ClientRepository. Three grants:
 * - `client_credentials` (integrations): `{token_type, expires_in, access_token}`, no refresh token;
 * - `password` (the Admin's login, client `administration`, no secret): adds a `refresh_token`;
 * - `refresh_token` (client `administration`): spends the refresh token and answers a new pair.
 * The body may be JSON or form-encoded. Every parameter is checked: a missing one, a wrong type or
 * one the grant does not take is league's invalid_request (code 3) naming it.
 */
import type { AccessControl, InvalidScope, UserTokens } from '../../src/auth/access.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { LEAGUE } from './oauth-errors.js';

export interface TokenResponse {
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly access_token: string;
  readonly refresh_token?: string;
}

/** The one client the password and refresh-token grants serve (Shopware's ClientRepository). */
export const ADMIN_CLIENT = 'administration';

const PARAMS = {
  client_credentials: ['grant_type', 'client_id', 'client_secret'],
  // `scope` is OAuth's (and league's); `scopes` is what the Admin and @shopware/api-client send
  password: ['grant_type', 'client_id', 'username', 'password', 'scope', 'scopes'],
  refresh_token: ['grant_type', 'client_id', 'refresh_token', 'scope', 'scopes'],
} as const;
type Grant = keyof typeof PARAMS;

const invalidParameter = (name: string, hint = `Check the \`${name}\` parameter`): ProxyError =>
  new ProxyError({ kind: 'invalid_request', message: hint, at: { pointer: `/${name}` }, rule: LEAGUE.invalidRequest });

function text(f: Record<string, unknown>, name: string): string {
  const v = f[name];
  if (typeof v !== 'string' || v === '') throw invalidParameter(name);
  return v;
}

/** Scopes as a space-delimited string (RFC 6749 §3.3) or, in JSON, a list of them. */
function scopesOf(f: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const name of ['scope', 'scopes'] as const) {
    const v = f[name];
    if (v === undefined) continue;
    const list = typeof v === 'string' ? v.split(' ') : Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined;
    if (!list) throw invalidParameter(name, `Check the \`${name}\` parameter: a space-delimited string or a list of strings`);
    out.push(...list.filter((s) => s !== ''));
  }
  return out;
}

function grantOf(f: Record<string, unknown>): Grant {
  const g = f.grant_type;
  if (typeof g === 'string' && Object.hasOwn(PARAMS, g)) return g as Grant;
  throw new ProxyError({ kind: 'invalid_request', message: 'Check the `grant_type` parameter', at: { pointer: '/grant_type' }, rule: LEAGUE.unsupportedGrant });
}

function answer(t: UserTokens | InvalidScope): TokenResponse {
  if (t.kind === 'invalid_scope') {
    throw new ProxyError({ kind: 'invalid_request', message: `Check the \`${t.scope}\` scope`, at: { pointer: '/scope' }, rule: LEAGUE.invalidScope });
  }
  return { token_type: 'Bearer', expires_in: t.expiresIn, access_token: t.accessToken, refresh_token: t.refreshToken };
}

export async function issueToken(access: AccessControl, body: unknown): Promise<TokenResponse> {
  const f = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const grant = grantOf(f);
  const clientId = text(f, 'client_id');
  // Shopware lets only its Admin client use these grants; for an integration it answers code 2
  if (grant !== 'client_credentials' && clientId !== ADMIN_CLIENT) throw grantOf({});
  const unknown = Object.keys(f).find((k) => !(PARAMS[grant] as readonly string[]).includes(k));
  if (unknown !== undefined) throw invalidParameter(unknown, `The \`${unknown}\` parameter is not one the ${grant} grant takes`);
  if (grant === 'client_credentials') {
    const t = access.issueToken(clientId, text(f, 'client_secret'));
    return { token_type: 'Bearer', expires_in: t.expiresIn, access_token: t.accessToken };
  }
  if (grant === 'password') return answer(await access.login(text(f, 'username'), text(f, 'password'), scopesOf(f)));
  return answer(access.refresh(text(f, 'refresh_token'), scopesOf(f)));
}
