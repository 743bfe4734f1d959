/**
 * Shopware's own client, @shopware/api-client's createAdminAPIClient, unchanged but for the base
 * URL, logging in as the Admin does (password grant, client `administration`) against the running
 * proxy with auth on, and refreshing its token with the refresh token when the access token
 * expires (1 s here). Refusals come back in Shopware's shape (league/oauth2-server 8.5, as
 * Shopware's AuthControllerTest has them).
 */
import { Writable } from 'node:stream';
import bcrypt from 'bcryptjs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminAPIClient } from '@shopware/api-client';
import { startProxy, type Proxy } from '../helpers/harness.js';
import { fixtures as shopware, products } from '../translators/shopware/fixtures.js';

const USER = { username: 'admin', password: 'shopware-admin-password' };

const logLines: string[] = [];
const secrets: string[] = [USER.password];
let proxy: Proxy;
beforeAll(async () => {
  const logger = pino({ level: 'debug' }, new Writable({ write: (c, _e, cb) => (logLines.push(String(c)), cb()) }));
  proxy = await startProxy(shopware, {
    auth: {
      enabled: true,
      tokenTtlSeconds: 1,
      // the hash is made here with bcryptjs directly (cost 4: fast), as `aggproxy hash-password` would
      tenants: { main: { datasets: ['product'], users: [{ username: USER.username, passwordHash: bcrypt.hashSync(USER.password, 4), scopes: ['write', 'admin'] }] } },
    },
  }, logger);
});
afterAll(async () => proxy?.close());

interface SessionData {
  accessToken: string;
  refreshToken?: string | undefined;
  expirationTime: number;
}

const adminClient = (password = USER.password) =>
  createAdminAPIClient<any>({
    baseURL: `${proxy.base}/api`,
    credentials: { grant_type: 'password', client_id: 'administration', scopes: 'write', username: USER.username, password },
  });

const criteria = { limit: 1, aggregations: [{ name: 'n', type: 'count', field: 'id' }] };

const refresh = (refresh_token: string) => proxy.post('/api/oauth/token', { grant_type: 'refresh_token', client_id: 'administration', refresh_token });

describe('Shopware: @shopware/api-client createAdminAPIClient (password grant, refresh token)', () => {
  it('logs in with a password, searches, and refreshes its expired token with the refresh token', async () => {
    const sessions: SessionData[] = [];
    const client = adminClient();
    client.hook('onAuthChange', (s: SessionData) => void sessions.push(s));
    const first = await client.invoke('searchProduct post /search/product', { body: criteria });
    expect(first.status).toBe(200);
    expect(first.data.aggregations.n.count).toBe(products.length);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.refreshToken).toMatch(/\S{20,}/);
    const [one, two] = [() => sessions[0]!.refreshToken ?? '', () => sessions[1]!.refreshToken ?? ''];

    await new Promise((r) => setTimeout(r, 1100));
    // the client sees its token expired and sends grant_type=refresh_token with the refresh token
    const again = await client.invoke('searchProduct post /search/product', { body: criteria });
    expect(again.status).toBe(200);
    expect(again.data.aggregations).toEqual(first.data.aggregations);
    expect(sessions).toHaveLength(2);
    expect(sessions[1]!.accessToken).not.toBe(sessions[0]!.accessToken);
    expect(sessions[1]!.refreshToken).not.toBe(sessions[0]!.refreshToken);

    // the first refresh token was spent by that refresh: reusing it is Shopware's 401
    const reused = await refresh(one());
    expect(reused.status).toBe(401);
    expect(reused.body).toEqual({ errors: [{ status: '401', code: '8', title: 'The refresh token is invalid.', detail: 'Token has been revoked', meta: { parameters: {} } }] });
    // and, as it leaked, the session is over: the client's newer refresh token is revoked too
    expect((await refresh(two())).body.errors[0]).toMatchObject({ code: '8', detail: 'Token has been revoked' });
    secrets.push(one(), two(), sessions[0]!.accessToken, sessions[1]!.accessToken);
  });

  it('a session the client restores from its stored data (sessionData) refreshes with it', async () => {
    const login = await proxy.post('/api/oauth/token', { grant_type: 'password', client_id: 'administration', scopes: 'write', ...USER });
    expect(login.status).toBe(200);
    const client = createAdminAPIClient<any>({
      baseURL: `${proxy.base}/api`,
      sessionData: { accessToken: login.body.access_token, refreshToken: login.body.refresh_token, expirationTime: Date.now() - 1 },
    });
    const r = await client.invoke('searchProduct post /search/product', { body: criteria });
    expect(r.status).toBe(200);
    expect(client.getSessionData().refreshToken).not.toBe(login.body.refresh_token);
  });

  it('a wrong password is Shopware\'s "The user credentials were incorrect." (400, code 6)', async () => {
    const err = await adminClient('not-the-password').invoke('searchProduct post /search/product', { body: criteria }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400 });
    expect((err as { details: unknown }).details).toEqual({ errors: [{ status: '400', code: '6', title: 'The user credentials were incorrect.', detail: null, meta: { parameters: {} } }] });
  });

  it('an unknown refresh token and an expired access token are Shopware\'s 401s', async () => {
    const unknown = await refresh('foobar');
    expect(unknown.status).toBe(401);
    expect(unknown.body.errors[0]).toMatchObject({ status: '401', code: '8', detail: 'Cannot decrypt the refresh token' });
    const login = await proxy.post('/api/oauth/token', { grant_type: 'password', client_id: 'administration', ...USER });
    await new Promise((r) => setTimeout(r, 1100));
    const expired = await proxy.post('/api/search/product', criteria, { authorization: `Bearer ${login.body.access_token}` });
    expect(expired.status).toBe(401);
    expect(expired.body.errors[0]).toMatchObject({ status: '401', code: '9', title: 'The resource owner or authorization server denied the request.', detail: 'Access token is expired' });
  });

  it('passwords and tokens never reach the log', () => {
    expect(logLines.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(logLines.join('\n')).not.toContain(secret);
  });
});
