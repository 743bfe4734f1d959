/** Relevance AI's convention: `Authorization: <project>:<api_key>` (what its SDK sends); the key decides. */
import type { Credential } from '../../src/auth/access.js';
import type { CredentialSource } from '../../src/dialect/contract.js';

export function relevanceCredentials(req: CredentialSource): Credential {
  const h = req.header('authorization');
  if (!h) return { kind: 'none' };
  const colon = h.indexOf(':');
  return { kind: 'apiKey', key: colon < 0 ? h : h.slice(colon + 1) };
}
