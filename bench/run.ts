/**
 * `npm run bench`: how much the proxy adds, and how close it is to the limits. Prints figures and
 * writes bench/results/latest.json and bench/results/REPORT.md (with an SVG chart). Loopback only,
 * every loop bounded in count and time.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineClient } from '../src/backend/engine-client.js';
import { localEngineUrl } from '../src/cli/local-engine.js';
import { buildConfig } from '../src/catalog/config.js';
import { Catalog } from '../src/catalog/catalog.js';
import { SchemaRegistry } from '../src/backend/schema.js';
import { compile } from '../src/compiler/compile.js';
import { execute } from '../src/executor/execute.js';
import type { AggQuery } from '../src/ir/nodes.js';
import type { CompiledQuery } from '../src/compiler/plan.js';
import { freePort } from '../src/util/free-port.js';
import { BENCH_DOCS, BENCH_INDEX, ensureBenchData } from './data.js';
import { QUERIES } from './queries.js';
import { load, peakRssMiB, postJson, startChild, summary, timed } from './measure.js';
import { translateCost } from './translate.js';
import { writeReport, type BenchResults } from './report.js';
import { ALL_CAPABILITIES } from '../src/backend/capabilities.js';
import { ANONYMOUS } from '../src/auth/access.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 40);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 5);
const log = (s: string): void => console.log(s);


interface Explained {
  readonly probe?: readonly { readonly ir: AggQuery }[];
  readonly queries: readonly { readonly ir: AggQuery }[];
  readonly documents?: { readonly request: Record<string, unknown> };
}

/** What a dialect request runs, from the proxy's explain answer (GraphQL lists one per root field; Druid SQL wraps it in `native`). */
function explainedOf(answer: unknown): Explained[] {
  const e = (answer as { explain: Explained | { explain: Explained }[] }).explain;
  return Array.isArray(e) ? e.map((x) => x.explain) : [e];
}

/** The same engine work without the proxy: probes, then every query and the documents page together. */
function directRun(explained: readonly Explained[], compileIr: (ir: AggQuery) => CompiledQuery, engine: EngineClient): () => Promise<unknown> {
  const probes = explained.flatMap((e) => (e.probe ?? []).map((q) => compileIr(q.ir)));
  const queries = explained.flatMap((e) => e.queries.map((q) => compileIr(q.ir)));
  const documents = explained.flatMap((e) => (e.documents ? [e.documents.request] : []));
  const run = (c: CompiledQuery): Promise<unknown> => execute(c, engine, { maxBuckets: 2_000_000, timeoutMs: 120_000 });
  return async () => {
    await Promise.all(probes.map(run));
    return Promise.all([...queries.map(run), ...documents.map((d) => engine.search(BENCH_INDEX, d, 120_000))]);
  };
}

async function ask(url: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  if (body !== undefined) return postJson(url, body, headers);
  const res = await fetch(url, { headers });
  const json = await res.json();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

async function main(): Promise<void> {
  const url = localEngineUrl();
  const engine = new EngineClient(url, 600_000);
  await ensureBenchData(engine, log);
  const info = await engine.info();
  const dir = mkdtempSync(join(tmpdir(), 'aggproxy-bench-'));
  const configPath = join(dir, 'config.json');
  const file = { engine: { url, timeoutMs: 120_000 }, datasets: { sales: { index: BENCH_INDEX, timeField: 'sales_date' } }, limits: { maxBuckets: 2_000_000 } };
  writeFileSync(configPath, JSON.stringify(file));
  // ports chosen free at run time, so the bench runs beside `npm start`
  const PROXY_PORT = await freePort();
  const BARE_PORT = await freePort();
  const proxy = await startChild([join(repo, 'src/main.ts')], { AGGPROXY_CONFIG: configPath, PORT: String(PROXY_PORT), LOG_LEVEL: 'warn' }, `http://127.0.0.1:${PROXY_PORT}/healthz`);
  const base = `http://127.0.0.1:${PROXY_PORT}`;
  try {
    // 1. proxy vs a direct engine call with the same compiled requests, uncached, interleaved
    const config = buildConfig(file);
    const schema = await new SchemaRegistry(engine).get(new Catalog(config).resolve('sales', ANONYMOUS));
    const latency: BenchResults['latency'] = [];
    for (const q of QUERIES) {
      const explainUrl = `${base}${q.path}${q.path.includes('?') ? '&' : '?'}explain=true`;
      const explained = explainedOf(await ask(explainUrl, q.body));
      const compileIr = (ir: AggQuery): CompiledQuery => compile(ir, { index: BENCH_INDEX, schema, caps: ALL_CAPABILITIES, compositePageSize: config.limits.compositePageSize });
      const requests = explained.reduce((n, e) => n + (e.probe ?? []).length + e.queries.length + (e.documents ? 1 : 0), 0);
      const direct = directRun(explained, compileIr, engine);
      const viaProxy = (): Promise<unknown> => ask(base + q.path, q.body, { 'x-aggproxy-cache': 'bypass' });
      for (let i = 0; i < 3; i++) await Promise.all([direct(), viaProxy()]);
      const d: number[] = [];
      const p: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        d.push((await timed(direct))[0]);
        p.push((await timed(viaProxy))[0]);
      }
      const ds = summary(d);
      const ps = summary(p);
      latency.push({ query: q.id, dialect: q.dialect, requests, direct: ds, proxy: ps, ratio: { p50: ps.p50 / ds.p50, p95: ps.p95 / ds.p95, p99: ps.p99 / ds.p99 } });
      log(`${q.id.padEnd(34)} direct p50 ${ds.p50.toFixed(1)} ms  proxy p50 ${ps.p50.toFixed(1)} ms  ratio p50 ${(ps.p50 / ds.p50).toFixed(3)} p95 ${(ps.p95 / ds.p95).toFixed(3)} p99 ${(ps.p99 / ds.p99).toFixed(3)}`);
    }

    // 2. cached answers vs a bare Express server returning a body of the same size
    const cachedQuery = QUERIES[1]!;
    const cachedBody = JSON.stringify(await postJson(base + cachedQuery.path, cachedQuery.body));
    const bodyFile = join(dir, 'body.json');
    writeFileSync(bodyFile, cachedBody);
    const bare = await startChild([join(repo, 'bench/bare-server.ts'), bodyFile, String(BARE_PORT)], {}, `http://127.0.0.1:${BARE_PORT}/`);
    let cached: BenchResults['cached'];
    try {
      const bareUrl = `http://127.0.0.1:${BARE_PORT}/x`;
      // steady state: both servers get an unmeasured warm-up (JIT) before the measured run
      await load(base + cachedQuery.path, JSON.stringify(cachedQuery.body), 2);
      await load(bareUrl, JSON.stringify(cachedQuery.body), 2);
      const proxyLoad = await load(base + cachedQuery.path, JSON.stringify(cachedQuery.body), LOAD_SECONDS);
      const bareLoad = await load(bareUrl, JSON.stringify(cachedQuery.body), LOAD_SECONDS);
      cached = { bodyBytes: cachedBody.length, proxy: proxyLoad, bare: bareLoad, ratio: proxyLoad.rps / bareLoad.rps };
      log(`cached: proxy ${Math.round(proxyLoad.rps)} req/s, bare express ${Math.round(bareLoad.rps)} req/s → ${(100 * cached.ratio).toFixed(1)} %`);
    } finally {
      bare.kill();
    }

    // 3. translate cost per query (parse + validate + lower + compile)
    const translate = await translateCost();
    for (const [k, v] of Object.entries(translate)) log(`translate ${k.padEnd(34)} ${v} µs (median)`);

    // 4. exact composite group-by over ~100k groups vs one terms aggregation of the same size
    await engine.request('PUT', '/_cluster/settings', { transient: { 'search.max_buckets': 250_000 } });
    const groupIr: AggQuery = {
      kind: 'AggQuery',
      dataset: 'sales',
      levels: [{ keys: [{ kind: 'terms', name: 'customer', field: 'customer_id', missing: 'exclude' }], metrics: [], post: [], order: [], offset: 0, limit: null }],
    };
    const groupCompiled = compile(groupIr, { index: BENCH_INDEX, schema, caps: ALL_CAPABILITIES, compositePageSize: 10_000 });
    const compositeRuns: number[] = [];
    const termsRuns: number[] = [];
    let groups = 0;
    for (let i = 0; i < 3; i++) {
      const [ms, scans] = await timed(() => execute(groupCompiled, engine, { maxBuckets: 2_000_000, timeoutMs: 600_000 }));
      compositeRuns.push(ms);
      const first = scans[0];
      groups = first?.kind === 'rows' ? first.buckets.length : 0;
      termsRuns.push((await timed(() => engine.search(BENCH_INDEX, { size: 0, aggs: { t: { terms: { field: 'customer_id', size: groups } } } }, 600_000)))[0]);
    }
    await engine.request('PUT', '/_cluster/settings', { transient: { 'search.max_buckets': null } });
    const composite = { groups, compositeMs: summary(compositeRuns).p50, termsMs: summary(termsRuns).p50, ratio: summary(compositeRuns).p50 / summary(termsRuns).p50 };
    log(`group-by ${groups} groups: composite (exact, paged) ${composite.compositeMs.toFixed(0)} ms vs one terms ${composite.termsMs.toFixed(0)} ms → ${composite.ratio.toFixed(2)}×`);

    const rss = peakRssMiB(proxy.pid as number);
    log(`proxy peak RSS: ${rss} MiB`);
    const results: BenchResults = {
      at: new Date().toISOString(),
      machine: { node: process.version, cores: (await import('node:os')).cpus().length, engine: `${info.flavour} ${info.version}` },
      data: { index: BENCH_INDEX, documents: BENCH_DOCS, shards: 4 },
      iterations: ITERATIONS,
      latency,
      cached,
      translateMicros: translate,
      composite,
      peakRssMiB: rss,
    };
    writeReport(results, new URL('./results/', import.meta.url));
    log('wrote bench/results/latest.json and bench/results/REPORT.md');
  } finally {
    proxy.kill();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
