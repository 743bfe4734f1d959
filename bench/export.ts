/**
 * `npm run bench:export`: Opendatasoft exports of the whole benchmark data set (1,000,000 records
 * by default, BENCH_DOCS) and of 100,000 groups (one per customer), read by a client as fast as it
 * can, with the proxy's RSS sampled every 100 ms: before, during (median and peak) and after each
 * export. Issue 18's target: flat memory whatever the size (records stream through an engine scroll,
 * one page in memory at a time). Writes bench/results/EXPORT.md and export.json.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineClient } from '../src/backend/engine-client.js';
import { localEngineUrl } from '../src/cli/local-engine.js';
import { freePort } from '../src/util/free-port.js';
import { BENCH_DOCS, BENCH_INDEX, ensureBenchData } from './data.js';
import { percentile, startChild } from './measure.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const rssMiB = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
const round = (n: number): number => Math.round(n * 10) / 10;

interface ExportFigures {
  /** the proxy's heap: node's default, or its old space capped (an export that needed more would die) */
  readonly heap: string;
  readonly name: string;
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly rssBefore: number;
  readonly rssMedianDuring: number;
  readonly rssPeakDuring: number;
  readonly rssAfter: number;
}

async function measure(heap: string, pid: number, base: string, name: string, path: string): Promise<ExportFigures> {
  await new Promise((r) => setTimeout(r, 1000));
  const rssBefore = rssMiB(pid);
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(rssMiB(pid)), 100);
  const started = Date.now();
  const res = await fetch(`${base}${path}`);
  if (!res.ok || !res.body) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  let bytes = 0;
  let rows = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) rows++;
  }
  const seconds = (Date.now() - started) / 1000;
  clearInterval(timer);
  await new Promise((r) => setTimeout(r, 2000));
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    heap,
    name,
    path,
    rows,
    bytes,
    seconds: round(seconds),
    rssBefore: round(rssBefore),
    rssMedianDuring: round(percentile(sorted, 50)),
    rssPeakDuring: round(sorted.at(-1) ?? NaN),
    rssAfter: round(rssMiB(pid)),
  };
}

function report(figures: readonly ExportFigures[], when: string): string {
  const lines = [
    '# Exports: memory while streaming (issue 18)',
    '',
    `Run ${when} by \`npm run bench:export\` (node ${process.version}, ${cpus().length} cores shared by the proxy, the engine and the client; load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' / ')}).`,
    `Data: ${BENCH_DOCS} sales rows in \`${BENCH_INDEX}\`. The client reads each export as fast as it can; the proxy's RSS is sampled every 100 ms.`,
    'Target: flat memory whatever the size (the peak during an export close to the RSS before it).',
    '',
    'Each export runs twice: on node\'s default heap, and with the proxy\'s old space capped at 64 MiB (`--max-old-space-size=64`),',
    'where an export that held its whole answer in memory would die (before scans, the 100,000-group export did).',
    '',
    '| proxy heap | export | lines | MB | seconds | RSS before (MiB) | during: median / peak (MiB) | after (MiB) |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...figures.map((f) => `| ${f.heap} | ${f.name} | ${f.rows} | ${round(f.bytes / 1e6)} | ${f.seconds} | ${f.rssBefore} | ${f.rssMedianDuring} / ${f.rssPeakDuring} | ${f.rssAfter} |`),
    '',
    'Requests:',
    ...figures.filter((f, i) => figures.findIndex((g) => g.name === f.name) === i).map((f) => `- ${f.name}: \`GET ${f.path}\``),
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const url = localEngineUrl();
  const engine = new EngineClient(url, 600_000);
  await ensureBenchData(engine, (s) => console.log(s));
  const dir = mkdtempSync(join(tmpdir(), 'aggproxy-bench-export-'));
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify({ engine: { url, timeoutMs: 60_000 }, datasets: { sales: { index: BENCH_INDEX, timeField: 'sales_date' } } }));
  const exports = '/api/explore/v2.1/catalog/datasets/sales/exports';
  const figures: ExportFigures[] = [];
  for (const [heap, nodeOptions] of [['default', ''], ['64 MiB', '--max-old-space-size=64']] as const) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const proxy = await startChild([join(repo, 'src/main.ts')], { AGGPROXY_CONFIG: configPath, PORT: String(port), LOG_LEVEL: 'warn', NODE_OPTIONS: nodeOptions }, `${base}/healthz`);
    try {
      for (const [name, path] of [
        ['jsonl, every record', `${exports}/jsonl`],
        ['csv, every record, two fields', `${exports}/csv?select=store_name,sales_amount`],
        ['jsonl, 100,000 groups (one per customer)', `${exports}/jsonl?select=customer_id,count(*)%20as%20n,sum(sales_amount)%20as%20total&group_by=customer_id`],
      ] as const) {
        const f = await measure(heap, proxy.pid as number, base, name, path);
        console.log(`[heap ${heap}] ${f.name}: ${f.rows} lines, ${round(f.bytes / 1e6)} MB in ${f.seconds} s; RSS ${f.rssBefore} → median ${f.rssMedianDuring}, peak ${f.rssPeakDuring} → ${f.rssAfter} MiB`);
        figures.push(f);
      }
    } finally {
      proxy.kill('SIGINT');
    }
  }
  const when = new Date().toISOString();
  writeFileSync(new URL('./results/export.json', import.meta.url), JSON.stringify({ when, docs: BENCH_DOCS, figures }, null, 2) + '\n');
  writeFileSync(new URL('./results/EXPORT.md', import.meta.url), report(figures, when));
}

await main();
