/** Druid's test data as the tests load it (see fixtures/druid/README.md): data source `testing`. */
import type { FixtureIndex } from '../../helpers/harness.js';
import { druidTesting } from '../../../src/demo/fixtures.js';

export interface Row {
  readonly ts: string;
  readonly t: number;
  readonly row: number;
  readonly market: string;
  readonly quality: string;
  readonly qualityLong: number;
  readonly qualityFloat: number;
  readonly qualityDouble: number;
  readonly qualityNumericString: string;
  readonly longNumericNull?: number;
  readonly floatNumericNull?: number;
  readonly doubleNumericNull?: number;
  readonly placement: string;
  readonly placementish: string[];
  readonly partial_null_column?: string;
  readonly index: number;
  readonly [k: string]: unknown;
}

const set = druidTesting();

/** Raw rows plus Druid's ingestion-time metrics; nulls left out; `t` is the epoch time. */
export const rows: Row[] = set.docs.map((d) => ({ ...d, t: Date.parse(d.ts as string) }) as unknown as Row);

export const mapping = set.mapping;

export const testingOptions = set.options;

export const fixtures: FixtureIndex[] = [
  { dataset: 'testing', mapping, docs: rows.map(({ t: _t, ...d }) => ({ _id: String(d.row), ...d })), shards: 2, options: testingOptions },
];
