/** The Shopware fixture as the tests load it (see fixtures/shopware/README.md and src/demo/fixtures.ts). */
import type { FixtureIndex } from '../../helpers/harness.js';
import { shopwareProducts, SHOPWARE_DEFAULT_CURRENCY } from '../../../src/demo/fixtures.js';

export const DEFAULT_CURRENCY = SHOPWARE_DEFAULT_CURRENCY;

export type Product = Record<string, any>;

const set = shopwareProducts();

/** Products with `price` reduced to the default currency's entry, as the default context reads it. */
export const products: Product[] = set.docs;
export const mapping = set.mapping;
export const productOptions = set.options;

export const fixtures: FixtureIndex[] = [
  { dataset: 'product', mapping, docs: products.map((p) => ({ _id: p.id, ...p })), shards: 2, options: productOptions },
];

/** Products of one fixture set. */
export const inSet = (name: string): Product[] => products.filter((p) => p.fixtureSet === name);
export const idsOf = (ps: Product[]): string[] => ps.map((p) => p.id as string);

/** The criteria filter that keeps the products of one fixture set. */
export const setFilter = (name: string) => ({ type: 'equals', field: 'fixtureSet', value: name });
