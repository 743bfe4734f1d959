/**
 * Users' sessions in the access layer: bcrypt-checked logins, refresh-token rotation, reuse
 * revoking the whole session, expiry, scopes, and the configuration refusing clear passwords.
 */
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { AccessControl, type AuthConfig, type UserTokens } from '../../../src/auth/access.js';
import { buildConfig } from '../../../src/catalog/config.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';

// cost 4, bcrypt's minimum, keeps the suite fast; the hash is made here, not by the code under test
const HASH = bcrypt.hashSync('correct horse', 4);

function setup(enabled = true) {
  let t = 1_000_000;
  const config: AuthConfig = {
    enabled,
    tokenTtlSeconds: 60,
    refreshTokenTtlSeconds: 3600,
    tenants: {
      eu: { datasets: ['product'], users: [{ username: 'anna', passwordHash: HASH, scopes: ['write', 'admin'] }] },
      us: { datasets: ['invoice'], users: [{ username: 'bob', passwordHash: HASH }] },
    },
  };
  const access = new AccessControl(config, () => t);
  return { access, advance: (s: number) => (t += s * 1000) };
}

const tokens = (r: unknown): UserTokens => {
  expect(r).toMatchObject({ kind: 'tokens' });
  return r as UserTokens;
};
const failure = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as ProxyError).detail;
  }
  throw new Error('did not fail');
};
const bearer = (token: string) => ({ kind: 'bearer' as const, token });

describe('password login', () => {
  it('a right password gives an access token for the user\'s tenant and a refresh token', async () => {
    const { access } = setup();
    const t = tokens(await access.login('anna', 'correct horse', []));
    expect(t.expiresIn).toBe(60);
    expect(t.refreshToken).not.toBe(t.accessToken);
    expect(t.scopes).toEqual(['write', 'admin']);
    expect(access.authenticate(bearer(t.accessToken)).name).toBe('eu');
  });

  it('a wrong password and an unknown user fail alike, naming neither', async () => {
    const { access } = setup();
    for (const [user, password] of [['anna', 'wrong'], ['nobody', 'correct horse']]) {
      const e = await access.login(user!, password!, []).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ProxyError);
      expect((e as ProxyError).detail).toEqual({ kind: 'unauthorized', reason: 'invalid', credential: 'user', message: 'the user credentials are not valid' });
    }
  });

  it('after 10 failed logins in 10 s the name is throttled (even with the right password); others are not', async () => {
    const { access } = setup();
    for (let i = 0; i < 10; i++) await expect(access.login('anna', 'wrong', [])).rejects.toMatchObject({ detail: { kind: 'unauthorized' } });
    await expect(access.login('anna', 'correct horse', [])).rejects.toMatchObject({ detail: { kind: 'rate_limited' } });
    tokens(await access.login('bob', 'correct horse', []));
  });

  it('a successful login clears the failures counted so far', async () => {
    const { access } = setup();
    for (let i = 0; i < 9; i++) await access.login('anna', 'wrong', []).catch(() => undefined);
    tokens(await access.login('anna', 'correct horse', []));
    for (let i = 0; i < 9; i++) await access.login('anna', 'wrong', []).catch(() => undefined);
    tokens(await access.login('anna', 'correct horse', []));
  });

  it('scopes: the asked-for ones the user holds; one it does not hold is named', async () => {
    const { access } = setup();
    expect(tokens(await access.login('anna', 'correct horse', ['write'])).scopes).toEqual(['write']);
    expect(await access.login('anna', 'correct horse', ['write', 'root'])).toEqual({ kind: 'invalid_scope', scope: 'root' });
    // a user without configured scopes gets what it asks for
    expect(tokens(await access.login('bob', 'correct horse', ['write'])).scopes).toEqual(['write']);
  });
});

describe('refresh tokens', () => {
  it('rotate: a refresh answers a new pair, and the spent token fails as revoked', async () => {
    const { access } = setup();
    const first = tokens(await access.login('anna', 'correct horse', []));
    const second = tokens(access.refresh(first.refreshToken, []));
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.scopes).toEqual(['write', 'admin']);
    expect(access.authenticate(bearer(second.accessToken)).name).toBe('eu');
    expect(failure(() => access.refresh(first.refreshToken, []))).toMatchObject({ kind: 'unauthorized', reason: 'revoked', credential: 'refresh' });
  });

  it('a reused token revokes its whole session: the newer refresh token and the access tokens', async () => {
    const { access } = setup();
    const first = tokens(await access.login('anna', 'correct horse', []));
    const second = tokens(access.refresh(first.refreshToken, []));
    failure(() => access.refresh(first.refreshToken, []));
    expect(failure(() => access.refresh(second.refreshToken, []))).toMatchObject({ reason: 'revoked', credential: 'refresh' });
    expect(failure(() => access.authenticate(bearer(second.accessToken)))).toMatchObject({ kind: 'unauthorized', reason: 'revoked' });
    expect(failure(() => access.authenticate(bearer(first.accessToken)))).toMatchObject({ reason: 'revoked' });
    // another session of the same user is untouched
    const other = tokens(await access.login('anna', 'correct horse', []));
    expect(access.authenticate(bearer(other.accessToken)).name).toBe('eu');
  });

  it('unknown and expired refresh tokens fail; an access token expires before its refresh token', async () => {
    const { access, advance } = setup();
    expect(failure(() => access.refresh('not-a-token', []))).toMatchObject({ reason: 'invalid', credential: 'refresh' });
    const t = tokens(await access.login('anna', 'correct horse', []));
    advance(61);
    expect(failure(() => access.authenticate(bearer(t.accessToken)))).toMatchObject({ reason: 'expired' });
    const next = tokens(access.refresh(t.refreshToken, []));
    advance(3601);
    expect(failure(() => access.refresh(next.refreshToken, []))).toMatchObject({ reason: 'expired', credential: 'refresh' });
  });

  it('a refresh may narrow the scopes, never widen them (and a refused one does not spend the token)', async () => {
    const { access } = setup();
    const t = tokens(await access.login('anna', 'correct horse', ['write']));
    expect(access.refresh(t.refreshToken, ['admin'])).toEqual({ kind: 'invalid_scope', scope: 'admin' });
    expect(tokens(access.refresh(t.refreshToken, ['write'])).scopes).toEqual(['write']);
  });

  it('with auth off any login and any refresh token get tokens, as every request is let in', async () => {
    const { access } = setup(false);
    tokens(await access.login('whoever', 'whatever', []));
    tokens(access.refresh('anything', []));
  });
});

describe('configuration', () => {
  const file = (passwordHash: string) => ({ datasets: { product: { index: 'p' } }, auth: { enabled: true, tenants: { eu: { datasets: ['product'], users: [{ username: 'anna', passwordHash }] } } } });

  it('takes bcrypt hashes and refuses anything else without repeating it', () => {
    expect(buildConfig(file(HASH)).auth.tenants.eu?.users?.[0]?.username).toBe('anna');
    expect(buildConfig(file(HASH)).auth.refreshTokenTtlSeconds).toBe(7 * 24 * 3600);
    expect(() => buildConfig(file('my clear password'))).toThrow(/user 'anna' has a passwordHash that is not a bcrypt hash/);
    expect(() => buildConfig(file('my clear password'))).not.toThrow(/my clear password/);
  });

  it('refuses a user configured in two tenants', () => {
    const f = file(HASH);
    const twice = { ...f, auth: { ...f.auth, tenants: { ...f.auth.tenants, us: f.auth.tenants.eu } } };
    expect(() => buildConfig(twice)).toThrow(/configured twice/);
  });
});
