/** Opendatasoft's convention: `Authorization: Apikey <key>`, or the `apikey` query parameter. */
import type { Credential } from '../../src/auth/access.js';
import { withScheme } from '../../src/auth/authorization.js';
import type { CredentialSource } from '../../src/dialect/contract.js';

export function opendatasoftCredentials(req: CredentialSource): Credential {
  const header = req.header('authorization');
  if (header) return { kind: 'apiKey', key: withScheme(header, 'Apikey') ?? '' };
  const key = req.query('apikey');
  return key ? { kind: 'apiKey', key } : { kind: 'none' };
}
