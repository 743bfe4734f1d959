/**
 * Access control: one model behind the five products' conventions. Configured API keys,
 * integrations (client id + secret) and users (name + bcrypt-hashed password, sessions.ts) each
 * belong to a tenant; a tenant reads a set of datasets and,
 * optionally, only the rows its mandatory filter admits. Each dialect only says where its client puts
 * the credential (translators/<dialect>/auth.ts); everything else is decided here.
 *
 * Keys are kept as SHA-256 digests and compared as digests: they never sit in memory as configured
 * text after start-up, never reach a log, and lookups take the same time whatever the key.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Scalar } from '../ir/predicate.js';
import { ProxyError } from '../errors/proxy-error.js';
import { Sessions, type LoginOutcome, type UserConfig } from './sessions.js';

/** What a request carried, as its dialect's convention reads it. */
export type Credential =
  | { readonly kind: 'none' }
  | { readonly kind: 'apiKey'; readonly key: string }
  | { readonly kind: 'bearer'; readonly token: string }
  /** HTTP Basic: the key is the password (Druid's basic-security convention) */
  | { readonly kind: 'basic'; readonly user: string; readonly password: string };

export interface Tenant {
  /** '' for the anonymous tenant of an unauthenticated deployment */
  readonly name: string;
  /** datasets this tenant may read; `all` only when auth is off */
  readonly datasets: ReadonlySet<string> | 'all';
  /** per dataset, field → admitted values: the tenant only ever sees rows where each field has one of them */
  readonly filters?: Readonly<Record<string, Readonly<Record<string, readonly Scalar[]>>>>;
}

export const ANONYMOUS: Tenant = { name: '', datasets: 'all' };

export interface TenantConfig {
  readonly datasets: readonly string[];
  /** dataset → field → admitted value(s): a mandatory filter on every query of the tenant */
  readonly filters?: Readonly<Record<string, Readonly<Record<string, Scalar | readonly Scalar[]>>>>;
  readonly apiKeys?: readonly string[];
  readonly integrations?: readonly { readonly clientId: string; readonly clientSecret: string }[];
  /** users who sign in with a password (OAuth password grant); passwords as bcrypt hashes only */
  readonly users?: readonly UserConfig[];
}

export interface AuthConfig {
  readonly enabled: boolean;
  /** lifetime of the bearer tokens `POST /api/oauth/token` issues (Shopware's default is 600 s) */
  readonly tokenTtlSeconds: number;
  /** lifetime of a user's refresh token (Shopware's default is one week) */
  readonly refreshTokenTtlSeconds?: number;
  readonly tenants: Readonly<Record<string, TenantConfig>>;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

/** A user's tokens: an access token, and the refresh token that gets the next pair. */
export interface UserTokens extends IssuedToken {
  readonly kind: 'tokens';
  readonly refreshToken: string;
  readonly scopes: readonly string[];
}

/** A scope the user (or the session, on refresh) does not hold. */
export type InvalidScope = Extract<LoginOutcome<unknown>, { kind: 'invalid_scope' }>;

export const DEFAULT_REFRESH_TTL_SECONDS = 7 * 24 * 3600;

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
const hex = (s: string): string => digest(s).toString('hex');

function unauthorized(reason: 'missing' | 'invalid' | 'expired' | 'revoked', message: string, client = false): ProxyError {
  return new ProxyError({ kind: 'unauthorized', reason, message, ...(client ? { credential: 'client' as const } : {}) });
}

export class AccessControl {
  private readonly byKey = new Map<string, Tenant>();
  private readonly integrations = new Map<string, { secret: Buffer; tenant: Tenant }>();
  /** access tokens; `family`: the user session a token belongs to (revoked with it) */
  private readonly tokens = new Map<string, { tenant: Tenant; expiresAt: number; family?: string }>();
  private readonly sessions: Sessions<Tenant>;

  constructor(
    readonly config: AuthConfig,
    private readonly now: () => number = Date.now,
  ) {
    const users: [UserConfig, Tenant][] = [];
    for (const [name, t] of Object.entries(config.tenants)) {
      const filters = t.filters
        ? Object.fromEntries(
            Object.entries(t.filters).map(([ds, f]) => [
              ds,
              Object.fromEntries(Object.entries(f).map(([field, v]) => [field, Array.isArray(v) ? [...(v as Scalar[])] : [v as Scalar]])),
            ]),
          )
        : undefined;
      const tenant: Tenant = { name, datasets: new Set(t.datasets), ...(filters ? { filters } : {}) };
      for (const k of t.apiKeys ?? []) this.byKey.set(hex(k), tenant);
      for (const i of t.integrations ?? []) this.integrations.set(hex(i.clientId), { secret: digest(i.clientSecret), tenant });
      for (const u of t.users ?? []) users.push([u, tenant]);
    }
    this.sessions = new Sessions(users, config.refreshTokenTtlSeconds ?? DEFAULT_REFRESH_TTL_SECONDS, now);
  }

  get enabled(): boolean {
    return this.config.enabled;
  }

  /** The tenant a credential speaks for; with auth off, the anonymous tenant whatever was sent. */
  authenticate(c: Credential): Tenant {
    if (!this.config.enabled) return ANONYMOUS;
    switch (c.kind) {
      case 'none':
        throw unauthorized('missing', 'no credentials were sent');
      case 'apiKey':
      case 'basic': {
        const t = this.byKey.get(hex(c.kind === 'apiKey' ? c.key : c.password));
        if (!t) throw unauthorized('invalid', 'the API key is not valid');
        return t;
      }
      case 'bearer': {
        const id = hex(c.token);
        const entry = this.tokens.get(id);
        if (!entry) throw unauthorized('invalid', 'the access token is not valid');
        if (entry.expiresAt <= this.now()) {
          this.tokens.delete(id);
          throw unauthorized('expired', 'the access token has expired');
        }
        if (entry.family !== undefined && !this.sessions.live(entry.family)) {
          this.tokens.delete(id);
          throw unauthorized('revoked', 'the access token has been revoked');
        }
        return entry.tenant;
      }
    }
  }

  /** OAuth 2 client credentials: a short-lived bearer token for a configured integration. */
  issueToken(clientId: string, clientSecret: string): IssuedToken {
    // auth off: clients still fetch a token first; any one will do, since every request is let in
    if (!this.config.enabled) return { accessToken: randomBytes(32).toString('base64url'), expiresIn: this.config.tokenTtlSeconds };
    const i = this.integrations.get(hex(clientId));
    const secret = digest(clientSecret);
    if (!i || !timingSafeEqual(i.secret, secret)) throw unauthorized('invalid', 'the client credentials are not valid', true);
    return this.mint(i.tenant);
  }

  /** OAuth 2 password grant: a configured user's access and refresh tokens, or the scope it may not have. */
  async login(username: string, password: string, scopes: readonly string[]): Promise<UserTokens | InvalidScope> {
    if (!this.config.enabled) return this.anyTokens(scopes);
    return this.tokensOf(await this.sessions.login(username, password, scopes));
  }

  /** OAuth 2 refresh-token grant: the token is spent and a new pair answered (see sessions.ts). */
  refresh(refreshToken: string, scopes: readonly string[]): UserTokens | InvalidScope {
    if (!this.config.enabled) return this.anyTokens(scopes);
    return this.tokensOf(this.sessions.refresh(refreshToken, scopes));
  }

  private tokensOf(r: LoginOutcome<Tenant>): UserTokens | InvalidScope {
    if (r.kind !== 'ok') return r;
    return { kind: 'tokens', ...this.mint(r.session.owner, r.session.family), refreshToken: r.session.refreshToken, scopes: r.session.scopes };
  }

  private mint(tenant: Tenant, family?: string): IssuedToken {
    this.prune();
    const accessToken = randomBytes(32).toString('base64url');
    this.tokens.set(hex(accessToken), { tenant, expiresAt: this.now() + this.config.tokenTtlSeconds * 1000, ...(family !== undefined ? { family } : {}) });
    return { accessToken, expiresIn: this.config.tokenTtlSeconds };
  }

  /** auth off: clients still log in and refresh; any tokens will do, since every request is let in */
  private anyTokens(scopes: readonly string[]): UserTokens {
    const random = () => randomBytes(32).toString('base64url');
    return { kind: 'tokens', accessToken: random(), refreshToken: random(), expiresIn: this.config.tokenTtlSeconds, scopes };
  }

  private prune(): void {
    const t = this.now();
    for (const [k, v] of this.tokens) if (v.expiresAt <= t) this.tokens.delete(k);
  }
}

/** Whether a tenant may read a dataset; callers answer 404 otherwise, exactly as for an unknown one. */
export function mayRead(tenant: Tenant, dataset: string): boolean {
  return tenant.datasets === 'all' || tenant.datasets.has(dataset);
}
