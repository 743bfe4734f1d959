import { readFileSync } from 'node:fs';
import type { Doc } from '../../helpers/reference.js';
import type { FixtureIndex } from '../../helpers/harness.js';

const dir = new URL('../../../fixtures/nue/', import.meta.url);
export const mappings = JSON.parse(readFileSync(new URL('mappings.json', dir), 'utf8')) as Record<string, object>;
export const data = Object.fromEntries(
  ['product', 'invoice', 'subscription'].map((n) => [n, JSON.parse(readFileSync(new URL(`${n}.json`, dir), 'utf8')) as Doc[]]),
) as Record<'product' | 'invoice' | 'subscription', Doc[]>;
export const fixtures: FixtureIndex[] = Object.entries(data).map(([dataset, docs]) => ({ dataset, mapping: mappings[dataset] as object, docs }));
