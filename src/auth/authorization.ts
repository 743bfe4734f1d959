/** Reading the HTTP Authorization header's schemes (RFC 9110: the scheme name is case-insensitive). */
import type { Credential } from './access.js';

/** The credentials after `<scheme> `, or undefined when the header uses another scheme. */
export function withScheme(header: string | undefined, scheme: string): string | undefined {
  if (!header) return undefined;
  const m = /^(\S+)\s+(.+)$/.exec(header.trim());
  return m && m[1]!.toLowerCase() === scheme.toLowerCase() ? m[2]!.trim() : undefined;
}

/** `Basic base64(user:password)` as a credential; anything else that is present counts as invalid. */
export function basicCredential(header: string | undefined): Credential {
  if (!header) return { kind: 'none' };
  const encoded = withScheme(header, 'Basic');
  const decoded = encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  // a malformed header is a wrong credential, not a missing one
  return colon < 0 ? { kind: 'apiKey', key: '' } : { kind: 'basic', user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
