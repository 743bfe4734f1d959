/** The Opendatasoft test datasets (see fixtures/opendatasoft/README.md). */
import { readFileSync } from 'node:fs';
import type { FixtureIndex } from '../../helpers/harness.js';

const dir = new URL('../../../fixtures/opendatasoft/', import.meta.url);
const json = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;

export interface Sale {
  readonly _id: string;
  readonly store_name: string;
  readonly store_address: string;
  readonly store_country?: string;
  readonly sales_date: string;
  readonly sales_count: number;
  readonly sales_amount?: number;
}

export const sales = json<Sale[]>('sales.json');
const numbers = json<{ values: { _id: string; myfield?: number }[]; hundred: { _id: string; n: number }[] }>('values.json');
export const values = numbers.values;
export const hundred = numbers.hundred;
export const mappings = json<Record<'sales' | 'values' | 'hundred', { properties: Record<string, object> }>>('mapping.json');

export const fixtures: FixtureIndex[] = [
  { dataset: 'sales', mapping: mappings.sales, docs: sales, shards: 2 },
  { dataset: 'values', mapping: mappings.values, docs: values, shards: 2 },
  { dataset: 'hundred', mapping: mappings.hundred, docs: hundred, shards: 2 },
];
