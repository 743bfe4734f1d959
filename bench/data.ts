/**
 * The benchmark data set: ~1 million sales rows from a seeded generator with realistic skew
 * (a few stores and countries dominate), ~100k customers, three years of dates, in a 4-shard index.
 * Loaded once; later runs reuse it when the count matches.
 */
import type { EngineClient } from '../src/backend/engine-client.js';
import { rng } from '../src/demo/generate.js';

export const BENCH_INDEX = 'aggproxy-bench-sales';
export const BENCH_DOCS = Number(process.env.BENCH_DOCS ?? 1_000_000);

export const benchMapping = {
  properties: {
    store_name: { type: 'keyword' },
    store_country: { type: 'keyword' },
    category: { type: 'keyword' },
    customer_id: { type: 'keyword' },
    currency: { type: 'keyword' },
    status: { type: 'keyword' },
    sales_date: { type: 'date' },
    sales_count: { type: 'integer' },
    sales_amount: { type: 'double' },
  },
};

const COUNTRIES = Array.from({ length: 30 }, (_, i) => `country-${String(i).padStart(2, '0')}`);
const CATEGORIES = ['grocery', 'fashion', 'electronics', 'home', 'toys', 'books', 'sports', 'beauty', 'garden', 'auto', 'music', 'pets'];

function* rows(n: number): Generator<object> {
  const r = rng(20261121);
  const start = Date.UTC(2022, 0, 1);
  for (let i = 0; i < n; i++) {
    const count = 1 + Math.floor(r() * 40);
    yield {
      store_name: `store-${Math.floor(Math.pow(r(), 3) * 200)}`,
      store_country: COUNTRIES[Math.floor(Math.pow(r(), 2) * COUNTRIES.length)],
      category: CATEGORIES[Math.floor(Math.pow(r(), 1.5) * CATEGORIES.length)],
      customer_id: `c${Math.floor(r() * 100_000)}`,
      currency: r() < 0.6 ? 'usd' : r() < 0.7 ? 'eur' : 'gbp',
      status: r() < 0.8 ? 'paid' : r() < 0.5 ? 'refunded' : 'pending',
      sales_date: new Date(start + Math.floor(r() * 1095 * 86_400_000)).toISOString(),
      sales_count: count,
      sales_amount: Math.round(count * (5 + r() * 95) * 100) / 100,
    };
  }
}

export function ensureBenchData(engine: EngineClient, log: (s: string) => void): Promise<void> {
  return ensureSalesIndex(engine, { index: BENCH_INDEX, docs: BENCH_DOCS, shards: 4 }, log);
}

/** Loads `docs` rows of the seeded sales data into `index` unless it already holds exactly that many. */
export async function ensureSalesIndex(engine: EngineClient, spec: { index: string; docs: number; shards: number }, log: (s: string) => void): Promise<void> {
  const count = await engine.request<{ count?: number }>('GET', `/${spec.index}/_count`).catch(() => ({ count: -1 }));
  if (count.count === spec.docs) return;
  log(`loading ${spec.docs} documents into ${spec.index} (once; later runs reuse them)`);
  await engine.request('DELETE', `/${spec.index}?ignore_unavailable=true`);
  await engine.request('PUT', `/${spec.index}`, {
    settings: { number_of_shards: spec.shards, number_of_replicas: 0, refresh_interval: '-1' },
    mappings: benchMapping,
  });
  const started = Date.now();
  let batch: string[] = [];
  let sent = 0;
  const inflight: Promise<void>[] = [];
  const flush = (lines: string[]): Promise<void> => engine.bulk(spec.index, lines, false);
  for (const doc of rows(spec.docs)) {
    batch.push('{"index":{}}', JSON.stringify(doc));
    if (batch.length >= 10_000) {
      inflight.push(flush(batch));
      batch = [];
      sent += 5000;
      if (inflight.length >= 2) await inflight.shift();
      if (sent % 100_000 === 0) log(`  ${sent} documents (${Math.round((Date.now() - started) / 1000)} s)`);
    }
  }
  if (batch.length > 0) inflight.push(flush(batch));
  await Promise.all(inflight);
  await engine.request('PUT', `/${spec.index}/_settings`, { index: { refresh_interval: '1s' } });
  await engine.request('POST', `/${spec.index}/_refresh`);
  await engine.request('POST', `/${spec.index}/_forcemerge?max_num_segments=1`, undefined, 600_000);
  log(`loaded in ${Math.round((Date.now() - started) / 1000)} s`);
}
