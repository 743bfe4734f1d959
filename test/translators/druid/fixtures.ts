/** Druid's test data as the tests load it (see test/fixtures/druid/README.md): data source `testing`. */
import { readFileSync } from 'node:fs';
import type { FixtureIndex } from '../../helpers/harness.js';

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

const lines = readFileSync(new URL('../../fixtures/druid/druid.sample.numeric.json', import.meta.url), 'utf8').split('\n').filter((l) => l.trim() !== '');

/** Raw rows plus Druid's ingestion-time metrics; nulls left out. */
export const rows: Row[] = lines.map((l, i) => {
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
    t: Date.parse(raw.ts as string),
  } as unknown as Row;
});

export const mapping = JSON.parse(readFileSync(new URL('../../fixtures/druid/mapping.json', import.meta.url), 'utf8'));

export const testingOptions = { timeField: 'ts', idField: 'row' };

export const fixtures: FixtureIndex[] = [
  { dataset: 'testing', mapping, docs: rows.map(({ t: _t, ...d }) => ({ _id: String(d.row), ...d })), shards: 2, options: testingOptions },
];
