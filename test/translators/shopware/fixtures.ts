/** The Shopware fixture as the tests load it (see test/fixtures/shopware/README.md). */
import { readFileSync } from 'node:fs';
import type { FixtureIndex } from '../../helpers/harness.js';

export const DEFAULT_CURRENCY = 'b7d2554b0ce847cd82f3ac9bd1c0dfca';

export type Product = Record<string, any>;

const read = (name: string): any => JSON.parse(readFileSync(new URL(`../../fixtures/shopware/${name}`, import.meta.url), 'utf8'));

/** Products with `price` reduced to the default currency's entry, as the default context reads it. */
export const products: Product[] = (read('fixture.json') as Product[]).map((p) => ({
  ...p,
  price: (p.price as { currencyId: string }[]).filter((x) => x.currencyId === DEFAULT_CURRENCY),
}));

export const mapping = read('mapping.json');

export const productOptions = {
  idField: 'id',
  aliases: {
    price: 'price.gross',
    'price.listPrice': 'price.listPrice.gross',
    'price.percentage': 'price.percentage.gross',
    cheapestPrice: 'cheapestPrice.gross',
    'cheapestPrice.percentage': 'cheapestPrice.percentage.gross',
  },
  relations: {
    manufacturerId: { entity: 'product_manufacturer', path: 'manufacturer' },
    taxId: { entity: 'tax', path: 'tax' },
    categoryIds: { entity: 'category', path: 'categories', many: true },
    propertyIds: { entity: 'property_group_option', path: 'properties', many: true },
    tagIds: { entity: 'tag', path: 'tags', many: true },
  },
};

export const fixtures: FixtureIndex[] = [
  { dataset: 'product', mapping, docs: products.map((p) => ({ _id: p.id, ...p })), shards: 2, options: productOptions },
];

/** Products of one fixture set. */
export const inSet = (set: string): Product[] => products.filter((p) => p.fixtureSet === set);
export const idsOf = (ps: Product[]): string[] => ps.map((p) => p.id as string);
