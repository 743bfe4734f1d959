/**
 * `POST /api/oauth/token` as Shopware answers it: the three grants' bodies and every refusal in
 * Shopware's JSON:API form. Expected errors are the ones Shopware's own AuthControllerTest asserts
 * (league/oauth2-server 8.5): wrong user credentials 400 code 6, a bad refresh token 401 code 8
 * with league's hint, a missing parameter 400 code 3 naming it.
 */
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { AccessControl } from '../../../src/auth/access.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';
import { issueToken } from '../../../translators/shopware/oauth.js';
import { renderShopwareError } from '../../../translators/shopware/errors.js';

const INTEGRATION = { clientId: 'SWIAINTEGRATION', clientSecret: 'integration-secret-0123' };
const ADMIN = { grant_type: 'password', client_id: 'administration', username: 'admin', password: 'shopware' };

function access(): AccessControl {
  return new AccessControl({
    enabled: true,
    tokenTtlSeconds: 600,
    tenants: { main: { datasets: ['product'], integrations: [INTEGRATION], users: [{ username: 'admin', passwordHash: bcrypt.hashSync('shopware', 4), scopes: ['write', 'admin'] }] } },
  });
}

/** the answer, or the rendered error as the client gets it */
async function call(a: AccessControl, body: unknown): Promise<{ status: number; body: any }> {
  try {
    return { status: 200, body: await issueToken(a, body) };
  } catch (e) {
    if (!(e instanceof ProxyError)) throw e;
    return renderShopwareError(e.detail);
  }
}
const oneError = (r: { status: number; body: any }) => {
  expect(r.body.errors).toHaveLength(1);
  return r.body.errors[0];
};

describe('grants', () => {
  it('password (as @shopware/api-client sends it): token_type, expires_in, access_token, refresh_token', async () => {
    const r = await call(access(), { ...ADMIN, scopes: 'write' });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type']);
    expect(r.body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
  });

  it('refresh_token rotates; the spent token answers 401 code 8 "Token has been revoked"', async () => {
    const a = access();
    const login = (await call(a, ADMIN)).body;
    const refresh = { grant_type: 'refresh_token', client_id: 'administration', refresh_token: login.refresh_token };
    const next = await call(a, refresh);
    expect(next.status).toBe(200);
    expect(next.body.refresh_token).not.toBe(login.refresh_token);
    const again = await call(a, refresh);
    expect(again.status).toBe(401);
    expect(oneError(again)).toEqual({ status: '401', code: '8', title: 'The refresh token is invalid.', detail: 'Token has been revoked', meta: { parameters: {} } });
  });

  it('an unknown refresh token: 401 "Cannot decrypt the refresh token", as Shopware says of one it did not issue', async () => {
    const r = await call(access(), { grant_type: 'refresh_token', client_id: 'administration', refresh_token: 'foobar' });
    expect(r.status).toBe(401);
    expect(oneError(r)).toMatchObject({ code: '8', title: 'The refresh token is invalid.', detail: 'Cannot decrypt the refresh token' });
  });

  it('client_credentials is unchanged: no refresh token', async () => {
    const r = await call(access(), { grant_type: 'client_credentials', client_id: INTEGRATION.clientId, client_secret: INTEGRATION.clientSecret });
    expect(Object.keys(r.body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    const wrong = await call(access(), { grant_type: 'client_credentials', client_id: INTEGRATION.clientId, client_secret: 'nope' });
    expect(wrong.status).toBe(401);
    expect(oneError(wrong)).toMatchObject({ status: '401', code: '4', title: 'Client authentication failed', detail: null });
  });
});

describe('refusals', () => {
  it('wrong password: 400 code 6 "The user credentials were incorrect." without detail', async () => {
    const r = await call(access(), { ...ADMIN, password: 'not_a_real_password' });
    expect(r.status).toBe(400);
    expect(oneError(r)).toEqual({ status: '400', code: '6', title: 'The user credentials were incorrect.', detail: null, meta: { parameters: {} } });
  });

  it('a missing or mistyped parameter: 400 code 3 naming it', async () => {
    const title = 'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.';
    const missing = await call(access(), { grant_type: 'password', client_id: 'administration', password: 'x' });
    expect(missing.status).toBe(400);
    expect(oneError(missing)).toMatchObject({ code: '3', title, detail: 'Check the `username` parameter', source: { pointer: '/username' } });
    expect(oneError(await call(access(), { ...ADMIN, password: 7 }))).toMatchObject({ code: '3', source: { pointer: '/password' } });
    expect(oneError(await call(access(), { ...ADMIN, scopes: { write: true } }))).toMatchObject({ code: '3', source: { pointer: '/scopes' } });
    expect(oneError(await call(access(), { grant_type: 'refresh_token', client_id: 'administration' }))).toMatchObject({ code: '3', source: { pointer: '/refresh_token' } });
  });

  it('a parameter the grant does not take is named, never ignored', async () => {
    const r = await call(access(), { ...ADMIN, client_secret: 'x' });
    expect(oneError(r)).toMatchObject({ status: '400', code: '3', source: { pointer: '/client_secret' } });
    expect(oneError(await call(access(), { grant_type: 'client_credentials', client_id: 'a', client_secret: 'b', scope: 'write' }))).toMatchObject({ code: '3', source: { pointer: '/scope' } });
  });

  it('a scope the user does not hold: 400 code 5', async () => {
    const r = await call(access(), { ...ADMIN, scope: 'write root' });
    expect(r.status).toBe(400);
    expect(oneError(r)).toMatchObject({ code: '5', title: 'The requested scope is invalid, unknown, or malformed', detail: 'Check the `root` scope' });
  });

  it('an unknown grant, or the password grant for a client other than the Admin: 400 code 2', async () => {
    for (const body of [{ grant_type: 'implicit' }, { ...ADMIN, client_id: INTEGRATION.clientId }, []]) {
      const r = await call(access(), body);
      expect(r.status).toBe(400);
      expect(oneError(r)).toMatchObject({ code: '2', title: 'The authorization grant type is not supported by the authorization server.', detail: 'Check the `grant_type` parameter' });
    }
  });
});
