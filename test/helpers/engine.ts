/**
 * The run's engine as the tests see it, and how a case declares a capability it needs: on an engine
 * without it the case is skipped as not applicable (what the proxy answers there instead, a 4xx
 * naming the capability, is tested in test/src/server/capabilities.e2e.test.ts).
 */
import { inject, it, describe } from 'vitest';
import type { Capability, Flavour } from '../../src/backend/capabilities.js';

export const engineFlavour = (): Flavour => inject('engineFlavour');

export function engineHas(...caps: Capability[]): boolean {
  const have = inject('engineCaps');
  return caps.every((c) => have[c]);
}

/** `itNeeds('scripts')('groups by a virtual field', ...)`: runs only where the engine has every capability. */
export const itNeeds = (...caps: Capability[]): typeof it.skip => (engineHas(...caps) ? it : it.skip);

export const describeNeeds = (...caps: Capability[]): typeof describe.skip => (engineHas(...caps) ? describe : describe.skip);
