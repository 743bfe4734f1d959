/**
 * Users' sign-in sessions (OAuth 2 password and refresh-token grants). A configured user logs in
 * with a password, checked against its bcrypt hash (bcryptjs: the clear password is never stored,
 * kept or logged), and gets an access token and a refresh token. Refresh tokens rotate: each one is
 * good for one refresh, which answers a new pair of the same session ("family"). A used refresh
 * token presented again means it was copied, so the whole family is revoked, its access tokens
 * with it (OAuth 2.0 Security BCP, refresh token rotation with reuse detection).
 *
 * Tokens are random and kept only as SHA-256 digests, as the access layer keeps its keys.
 */
import bcrypt from 'bcryptjs';
import { createHash, randomBytes } from 'node:crypto';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { ProxyError } from '../errors/proxy-error.js';

export interface UserConfig {
  readonly username: string;
  /** a bcrypt hash (`$2b$…`, see README "Auth": `npx aggproxy hash-password`) */
  readonly passwordHash: string;
  /** the scopes the user may be granted; absent: whatever it asks for */
  readonly scopes?: readonly string[];
}

/** What a login or a refresh answers (the caller adds the access token it mints for the family). */
export interface Session<T> {
  readonly refreshToken: string;
  readonly scopes: readonly string[];
  readonly family: string;
  readonly owner: T;
}

export type LoginOutcome<T> = { readonly kind: 'ok'; readonly session: Session<T> } | { readonly kind: 'invalid_scope'; readonly scope: string };

/** bcrypt's own format: `$2a$`/`$2b$`/`$2y$`, a two-digit cost, 53 characters of salt and hash */
export const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

interface RefreshEntry<T> {
  readonly family: string;
  readonly owner: T;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
  used: boolean;
}

const hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

function refused(reason: 'invalid' | 'expired' | 'revoked', message: string): ProxyError {
  return new ProxyError({ kind: 'unauthorized', reason, credential: 'refresh', message });
}

export class Sessions<T> {
  private readonly users = new Map<string, { hash: string; scopes?: readonly string[]; owner: T }>();
  private readonly refreshTokens = new Map<string, RefreshEntry<T>>();
  /** family → when its last refresh token expires; absent once revoked or expired */
  private readonly families = new Map<string, number>();
  /** a hash of the users' cost, compared against when the name is unknown: the answer takes as long */
  private dummy: string | undefined;
  /**
   * Failed logins per user name: 10 in 10 seconds, then refused until the window ends (the first
   * step of Shopware's `oauth` rate limit), so a password cannot be guessed at bcrypt's speed.
   */
  private readonly failures = new RateLimiterMemory({ keyPrefix: 'aggproxy-login', points: 10, duration: 10 });

  constructor(
    users: Iterable<readonly [UserConfig, T]>,
    private readonly refreshTtlSeconds: number,
    private readonly now: () => number,
  ) {
    for (const [u, owner] of users) this.users.set(u.username, { hash: u.passwordHash, ...(u.scopes ? { scopes: u.scopes } : {}), owner });
  }

  /** The password grant: a new session for a user whose password matches its hash. */
  async login(username: string, password: string, requested: readonly string[]): Promise<LoginOutcome<T>> {
    const spent = await this.failures.get(username);
    if (spent && spent.remainingPoints <= 0) {
      const retryAfterSeconds = Math.max(1, Math.ceil(spent.msBeforeNext / 1000));
      throw new ProxyError({ kind: 'rate_limited', retryAfterSeconds, message: `Too many failed logins: auth throttled for ${retryAfterSeconds} seconds.` });
    }
    const user = this.users.get(username);
    const ok = await bcrypt.compare(password, user?.hash ?? this.dummyHash());
    if (!user || !ok) {
      await this.failures.penalty(username, 1);
      throw new ProxyError({ kind: 'unauthorized', reason: 'invalid', credential: 'user', message: 'the user credentials are not valid' });
    }
    await this.failures.delete(username);
    // RFC 6749 §3.3: the requested scopes, each one the user holds; none asked for: all it holds
    const bad = user.scopes ? requested.find((s) => !user.scopes?.includes(s)) : undefined;
    if (bad !== undefined) return { kind: 'invalid_scope', scope: bad };
    const scopes = requested.length > 0 ? [...new Set(requested)] : [...(user.scopes ?? [])];
    return { kind: 'ok', session: this.issue(randomBytes(16).toString('hex'), user.owner, scopes) };
  }

  /**
   * The refresh-token grant: the token is spent, and its family gets a new one, with the scopes
   * asked for (RFC 6749 §6: only ones the session holds; none asked for: the session's).
   */
  refresh(token: string, requested: readonly string[]): LoginOutcome<T> {
    const id = hex(token);
    const entry = this.refreshTokens.get(id);
    if (!entry) throw refused('invalid', 'the refresh token is not known');
    if (entry.expiresAt <= this.now()) {
      this.refreshTokens.delete(id);
      throw refused('expired', 'the refresh token has expired');
    }
    if (!this.families.has(entry.family)) throw refused('revoked', 'the refresh token has been revoked');
    if (entry.used) {
      this.families.delete(entry.family);
      throw refused('revoked', 'the refresh token has been revoked');
    }
    const bad = requested.find((s) => !entry.scopes.includes(s));
    if (bad !== undefined) return { kind: 'invalid_scope', scope: bad };
    entry.used = true;
    return { kind: 'ok', session: this.issue(entry.family, entry.owner, requested.length > 0 ? [...new Set(requested)] : entry.scopes) };
  }

  /** Whether an access token's session still stands (a reused refresh token revokes it). */
  live(family: string): boolean {
    return this.families.has(family);
  }

  private issue(family: string, owner: T, scopes: readonly string[]): Session<T> {
    this.prune();
    const refreshToken = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + this.refreshTtlSeconds * 1000;
    this.refreshTokens.set(hex(refreshToken), { family, owner, scopes, expiresAt, used: false });
    this.families.set(family, expiresAt);
    return { refreshToken, scopes, family, owner };
  }

  /** Spent and revoked tokens are kept until they expire, so that a reuse is still recognized. */
  private prune(): void {
    const t = this.now();
    for (const [k, v] of this.refreshTokens) if (v.expiresAt <= t) this.refreshTokens.delete(k);
    for (const [f, exp] of this.families) if (exp <= t) this.families.delete(f);
  }

  private dummyHash(): string {
    const cost = Number([...this.users.values()][0]?.hash.slice(4, 6) ?? 10);
    this.dummy ??= bcrypt.hashSync(randomBytes(16).toString('hex'), cost);
    return this.dummy;
  }
}

/** A hash for the configuration file (cost 12: about a quarter second per login on a laptop). */
export function hashPassword(password: string, cost = 12): Promise<string> {
  return bcrypt.hash(password, cost);
}
