/** The Relevance AI listings fixture as a FixtureIndex (fixtures/relevance). */
import { readFileSync } from 'node:fs';
import type { FixtureIndex } from '../../helpers/harness.js';

const dir = new URL('../../../fixtures/relevance/', import.meta.url);
export const listings: FixtureIndex = {
  dataset: 'listings',
  mapping: JSON.parse(readFileSync(new URL('mapping.json', dir), 'utf8')) as object,
  docs: JSON.parse(readFileSync(new URL('listings.json', dir), 'utf8')) as object[],
};
