/**
 * Access control: one model behind the five products' conventions. Configured API keys and
 * integrations (client id + secret) each belong to a tenant; a tenant reads a set of datasets and,
 * optionally, only the rows its mandatory filter admits. Each dialect only says where its client puts
 * the credential (translators/<dialect>/auth.ts); everything else is decided here.
 *
 * Keys are kept as SHA-256 digests and compared as digests: they never sit in memory as configured
 * text after start-up, never reach a log, and lookups take the same time whatever the key.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Scalar } from '../ir/predicate.js';
import { ProxyError } from '../errors/proxy-error.js';

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
}

export interface AuthConfig {
  readonly enabled: boolean;
  /** lifetime of the bearer tokens `POST /api/oauth/token` issues (Shopware's default is 600 s) */
  readonly tokenTtlSeconds: number;
  readonly tenants: Readonly<Record<string, TenantConfig>>;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
const hex = (s: string): string => digest(s).toString('hex');

function unauthorized(reason: 'missing' | 'invalid' | 'expired', message: string, client = false): ProxyError {
  return new ProxyError({ kind: 'unauthorized', reason, message, ...(client ? { credential: 'client' as const } : {}) });
}

export class AccessControl {
  private readonly byKey = new Map<string, Tenant>();
  private readonly integrations = new Map<string, { secret: Buffer; tenant: Tenant }>();
  private readonly tokens = new Map<string, { tenant: Tenant; expiresAt: number }>();

  constructor(
    readonly config: AuthConfig,
    private readonly now: () => number = Date.now,
  ) {
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
    }
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
    this.prune();
    const accessToken = randomBytes(32).toString('base64url');
    this.tokens.set(hex(accessToken), { tenant: i.tenant, expiresAt: this.now() + this.config.tokenTtlSeconds * 1000 });
    return { accessToken, expiresIn: this.config.tokenTtlSeconds };
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
