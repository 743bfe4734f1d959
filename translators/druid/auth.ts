/** Druid's convention (the druid-basic-security extension): HTTP Basic; the password is the key. */
import type { Credential } from '../../src/auth/access.js';
import { basicCredential } from '../../src/auth/authorization.js';
import type { CredentialSource } from '../../src/dialect/contract.js';

export function druidCredentials(req: CredentialSource): Credential {
  return basicCredential(req.header('authorization'));
}
