/**
 * The real data sets kept in the repository (fixtures/, sources named there), prepared the way
 * both the tests and the demo load them: Shopware's own aggregation-test products as entity `product`,
 * Druid's own test data as data source `testing`. fixtures/ sits beside src/ (not under test/) because
 * production code reads it; the Docker image and the npm package ship it. A copy without it still runs
 * the demo on the generated data alone (fixturesPresent).
 */
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { DatasetConfig } from '../catalog/config.js';
import { repoPath } from '../util/repo-root.js';

// the checkout's root, so the same module finds them from src/ (tsx) and dist/src/ (node)
const root = pathToFileURL(repoPath('fixtures') + '/');
const readText = (path: string): string => readFileSync(new URL(path, root), 'utf8');

export interface FixtureSet {
  readonly dataset: string;
  readonly mapping: Record<string, unknown> & { properties: Record<string, never> };
  readonly docs: Record<string, unknown>[];
  readonly options: Omit<DatasetConfig, 'index'>;
}

export const fixturesPresent = (): boolean => existsSync(new URL('shopware/fixture.json', root)) && existsSync(new URL('druid/druid.sample.numeric.json', root));

export const SHOPWARE_DEFAULT_CURRENCY = 'b7d2554b0ce847cd82f3ac9bd1c0dfca';

/** Shopware products with `price` reduced to the default currency's entry, as the default context reads it. */
export function shopwareProducts(): FixtureSet {
  const products = (JSON.parse(readText('shopware/fixture.json')) as Record<string, unknown>[]).map((p) => ({
    ...p,
    price: (p.price as { currencyId: string }[]).filter((x) => x.currencyId === SHOPWARE_DEFAULT_CURRENCY),
  }));
  return {
    dataset: 'product',
    mapping: JSON.parse(readText('shopware/mapping.json')),
    docs: products,
    options: {
      idField: 'id',
      aliases: {
        price: 'price.gross',
        'price.listPrice': 'price.listPrice.gross',
        'price.percentage': 'price.percentage.gross',
        cheapestPrice: 'cheapestPrice.gross',
        'cheapestPrice.percentage': 'cheapestPrice.percentage.gross',
      },
      // Shopware's default product search config ranks the product number and name highest
      searchFields: { productNumber: 1000, name: 700, 'manufacturer.name': 500 },
      relations: {
        manufacturerId: { entity: 'product_manufacturer', path: 'manufacturer' },
        taxId: { entity: 'tax', path: 'tax', autoload: true },
        categoryIds: { entity: 'category', path: 'categories', many: true },
        propertyIds: { entity: 'property_group_option', path: 'properties', many: true },
        tagIds: { entity: 'tag', path: 'tags', many: true },
      },
    },
  };
}

/** Druid's rows plus its ingestion-time metrics (TestIndex.METRIC_AGGS) and the row ordinal; nulls left out. */
export function druidTesting(): FixtureSet {
  const lines = readText('druid/druid.sample.numeric.json').split('\n').filter((l) => l.trim() !== '');
  const docs = lines.map((l, i) => {
    const raw = JSON.parse(l) as Record<string, unknown>;
    const doc: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) if (v !== null) doc[k] = v;
    const index = raw.index as number;
    return {
      ...doc,
      row: i,
      qualityNumericString: String(raw.qualityNumericString),
      indexFloat: Math.fround(index),
      indexMin: index,
      indexMinFloat: Math.fround(index),
      indexMaxFloat: Math.fround(index),
      indexMaxPlusTen: Math.fround(index + 10),
      quality_uniques: raw.quality,
    };
  });
  return { dataset: 'testing', mapping: JSON.parse(readText('druid/mapping.json')), docs, options: { timeField: 'ts', idField: 'row' } };
}
