/** Shopware's Admin API convention: `Authorization: Bearer <token>` from `POST /api/oauth/token`. */
import type { Credential } from '../../src/auth/access.js';
import { withScheme } from '../../src/auth/authorization.js';
import type { CredentialSource } from '../../src/dialect/contract.js';

export function shopwareCredentials(req: CredentialSource): Credential {
  const header = req.header('authorization');
  if (!header) return { kind: 'none' };
  return { kind: 'bearer', token: withScheme(header, 'Bearer') ?? '' };
}
