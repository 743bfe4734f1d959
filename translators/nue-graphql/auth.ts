/** Nue's convention: the `nue-api-key` header. */
import type { Credential } from '../../src/auth/access.js';
import type { CredentialSource } from '../../src/dialect/contract.js';

export function nueCredentials(req: CredentialSource): Credential {
  const key = req.header('nue-api-key');
  return key ? { kind: 'apiKey', key } : { kind: 'none' };
}
