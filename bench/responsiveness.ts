/**
 * `npm run bench:responsiveness [-- dialect ...]`: does a simple request keep its latency while the
 * most expensive request the proxy accepts runs? (issue 23: within 2×.) Per dialect: the simple
 * request's latency with the proxy idle, then again while 2 expensive requests are always in
 * flight. To tell proxy blocking from engine contention (2 shared cores), the proxy child reports
 * its own event-loop delay (bench/loop-delay.ts), and a direct engine search of the same shape is
 * timed alongside, A B A B. Writes bench/results/RESPONSIVENESS.md and responsiveness.json.
 *
 * Engine: AGGPROXY_ENGINE_URL, else the local one scripts/engine.sh starts (as `npm run bench`).
 * RESP_CPU_PROF=<dir> writes the proxy's CPU profile there (node --cpu-prof) for finding hot loops.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineClient } from '../src/backend/engine-client.js';
import { localEngineUrl } from '../src/cli/local-engine.js';
import { defaultLimits } from '../src/policy/limits.js';
import { ensureSalesIndex } from './data.js';
import { summary, timed } from './measure.js';
import { cases, type DialectCase, type Request } from './responsiveness-queries.js';
import { startProxy, type ProxyChild } from './proxy-child.js';
import { writeResponsiveness, type DialectResult, type Latency } from './responsiveness-report.js';

const INDEX = 'aggproxy-bench-responsiveness';
const DOCS = Number(process.env.RESP_DOCS ?? 100_000);
const SAMPLES = Number(process.env.RESP_SAMPLES ?? 50);
const IN_FLIGHT = Number(process.env.RESP_IN_FLIGHT ?? 2);
const PORT = Number(process.env.RESP_PORT ?? 18090);
const MAX_SAMPLE_MS = Number(process.env.RESP_MAX_SAMPLE_S ?? 90) * 1000;
const TARGET = 2;
const log = (s: string): void => console.log(s);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

const BYPASS = { 'content-type': 'application/json', 'x-aggproxy-cache': 'bypass' };

/**
 * One request through the proxy: its status and size, the body read whole. A keep-alive socket the
 * server closed just as it was reused (ECONNRESET before any answer) is retried once on a new one.
 */
async function send(base: string, r: Request, signal?: AbortSignal, retry = true): Promise<{ status: number; bytes: number; text: string }> {
  let res: Response;
  try {
    res = await fetch(base + r.path, { method: 'POST', headers: BYPASS, body: JSON.stringify(r.body), signal });
  } catch (e) {
    if (!retry || signal?.aborted) throw e;
    return send(base, r, signal, false);
  }
  const text = await res.text();
  return { status: res.status, bytes: text.length, text: res.status === 200 ? '' : text.slice(0, 500) };
}

const lat = (ms: number[]): Latency => {
  const s = summary(ms);
  return { p50: s.p50, p95: s.p95 };
};

/** The engine search a simple request comes down to: ~30 country groups and one metric. */
const directBody = { size: 0, aggs: { g: { composite: { size: 2000, sources: [{ k0: { terms: { field: 'store_country' } } }] }, aggs: { m0: { avg: { field: 'sales_amount' } } } } } };

/**
 * SAMPLES simple requests via the proxy, each followed by the direct engine search (A B A B); at
 * most MAX_SAMPLE_MS long (a proxy blocked for seconds per request would take many minutes).
 */
async function sample(base: string, engine: EngineClient, simple: Request, spanMs = 0): Promise<{ proxy: number[]; engine: number[]; failures: number }> {
  const proxy: number[] = [];
  const direct: number[] = [];
  let failures = 0;
  const t0 = Date.now();
  const until = t0 + MAX_SAMPLE_MS;
  // paced over spanMs: the samples cover a whole expensive request (engine phase and proxy phase)
  const pace = Math.min(spanMs, MAX_SAMPLE_MS) / SAMPLES;
  for (let i = 0; i < SAMPLES && Date.now() < until; i++) {
    await sleep(t0 + i * pace - Date.now());
    const [ms, r] = await timed(() => send(base, simple));
    if (r.status !== 200) failures++;
    proxy.push(ms);
    direct.push((await timed(() => engine.search(INDEX, directBody, 60_000)))[0]);
  }
  return { proxy, engine: direct, failures };
}


/**
 * Waits (up to 3 min) until the abandoned expensive requests are gone: no search task left on the
 * engine and a proxy event loop that stayed unblocked for a second, so the next dialect's idle
 * figures are idle.
 */
async function settle(engine: EngineClient, proxy: ProxyChild): Promise<void> {
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    const tasks = await engine.request<{ nodes?: Record<string, { tasks: object }> }>('GET', '/_tasks?actions=*search*');
    const busy = Object.values(tasks.nodes ?? {}).reduce((n, x) => n + Object.keys(x.tasks).length, 0);
    await proxy.resetLoopDelay();
    await sleep(1_000);
    if (busy === 0 && (await proxy.loopDelay()).max < 50) return;
  }
  log('  (the engine or the proxy was still busy 3 min after the load stopped)');
}

async function runCase(c: DialectCase, base: string, engine: EngineClient, proxy: ProxyChild): Promise<DialectResult> {
  for (let i = 0; i < 5; i++) await send(base, c.simple);
  // the expensive request alone: its status, size and time (a second run when the first was short
  // enough for JIT warm-up to matter)
  let [aloneMs, alone] = await timed(() => send(base, c.expensive));
  if (alone.status !== 200) throw new Error(`${c.dialect}: the expensive request was answered ${alone.status}, not accepted: ${alone.text}`);
  if (aloneMs < 5_000) [aloneMs, alone] = await timed(() => send(base, c.expensive));

  await proxy.resetLoopDelay();
  const idle = await sample(base, engine, c.simple);
  const idleLoop = await proxy.loopDelay();

  // IN_FLIGHT workers each send the expensive request again as soon as the last one is answered
  // at the end the requests still in flight are abandoned (the proxy cancels their engine work)
  const stop = new AbortController();
  let completed = 0;
  let started = 0;
  const worker = async (): Promise<void> => {
    while (!stop.signal.aborted) {
      started++;
      const r = await send(base, c.expensive, stop.signal).catch((e: unknown) => {
        if (stop.signal.aborted) return undefined;
        throw e;
      });
      if (r === undefined) return;
      if (r.status !== 200) throw new Error(`${c.dialect}: expensive request answered ${r.status} under load: ${r.text}`);
      completed++;
    }
  };
  // a failed worker is reported once the sample is done (an unhandled rejection would end the run)
  let workerError: unknown;
  const workers = Array.from({ length: IN_FLIGHT }, () => worker().catch((e: unknown) => void (workerError ??= e)));
  // let the first expensive requests get past parsing into the proxy before measuring
  await sleep(Math.min(500, aloneMs / 4));
  await proxy.resetLoopDelay();
  const loaded = await sample(base, engine, c.simple, 1.5 * aloneMs);
  const loadedLoop = await proxy.loopDelay();
  stop.abort();
  await Promise.all(workers);
  if (workerError !== undefined) log(`  ${c.dialect}: an expensive request failed under load: ${String((workerError as Error).cause ?? workerError)}`);
  await settle(engine, proxy);

  const idleProxy = lat(idle.proxy);
  const loadedProxy = lat(loaded.proxy);
  const ratio = { p50: loadedProxy.p50 / idleProxy.p50, p95: loadedProxy.p95 / idleProxy.p95 };
  const result: DialectResult = {
    dialect: c.dialect,
    described: c.described,
    expensive: { aloneMs, bytes: alone.bytes, completedUnderLoad: completed, startedUnderLoad: started },
    idle: idleProxy,
    loaded: loadedProxy,
    ratio,
    pass: ratio.p50 <= TARGET && ratio.p95 <= TARGET && loaded.failures === 0,
    failures: idle.failures + loaded.failures,
    samples: { idle: idle.proxy.length, loaded: loaded.proxy.length },
    engineIdle: lat(idle.engine),
    engineLoaded: lat(loaded.engine),
    loopIdle: idleLoop,
    loopLoaded: loadedLoop,
  };
  log(
    `${c.dialect.padEnd(13)} idle p50/p95 ${idleProxy.p50.toFixed(1)}/${idleProxy.p95.toFixed(1)} ms  loaded ${loadedProxy.p50.toFixed(1)}/${loadedProxy.p95.toFixed(1)} ms  ` +
      `ratio ${ratio.p50.toFixed(2)}/${ratio.p95.toFixed(2)} ${result.pass ? 'PASS' : 'FAIL'}  | engine ${result.engineIdle.p50.toFixed(1)} → ${result.engineLoaded.p50.toFixed(1)} ms  ` +
      `| proxy loop max ${loadedLoop.max} ms, p99 ${loadedLoop.p99} ms  | expensive alone ${aloneMs.toFixed(0)} ms, ${(alone.bytes / 1e6).toFixed(1)} MB, ${completed} done under load`,
  );
  return result;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const url = localEngineUrl();
  const engine = new EngineClient(url, 600_000);
  await ensureSalesIndex(engine, { index: INDEX, docs: DOCS, shards: 2 }, log);
  const info = await engine.info();
  const dir = mkdtempSync(join(tmpdir(), 'aggproxy-responsiveness-'));
  const configPath = join(dir, 'config.json');
  // default limits: the expensive requests are the largest these accept
  writeFileSync(configPath, JSON.stringify({ engine: { url, timeoutMs: 120_000 }, datasets: { sales: { index: INDEX, timeField: 'sales_date', idField: 'customer_id' } } }));
  const proxy = await startProxy(configPath, PORT, process.env.RESP_CPU_PROF);
  // an interrupted run must not leave the proxy child behind
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void proxy.stop().finally(() => process.exit(130)));
  const base = `http://127.0.0.1:${PORT}`;
  const results: DialectResult[] = [];
  try {
    for (const c of cases()) {
      if (only.length > 0 && !only.some((o) => c.dialect.startsWith(o) || (o === 'ods' && c.dialect === 'opendatasoft'))) continue;
      results.push(await runCase(c, base, engine, proxy));
    }
  } finally {
    await proxy.stop();
  }
  const os = await import('node:os');
  writeResponsiveness(
    {
      at: new Date().toISOString(),
      machine: { node: process.version, cores: os.cpus().length, loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100), engine: `${info.flavour} ${info.version}` },
      data: { index: INDEX, documents: DOCS },
      samples: SAMPLES,
      inFlight: IN_FLIGHT,
      target: TARGET,
      limits: { maxAggregations: defaultLimits.maxAggregations, maxBuckets: defaultLimits.maxBuckets, maxDepth: defaultLimits.maxDepth, maxEngineSearches: defaultLimits.maxEngineSearches, graphql: defaultLimits.graphql },
      results,
    },
    new URL('./results/', import.meta.url),
    only.length > 0,
  );
  log(only.length > 0 ? 'wrote bench/results/responsiveness-partial.tmp (a subset of dialects)' : 'wrote bench/results/RESPONSIVENESS.md and responsiveness.json');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
