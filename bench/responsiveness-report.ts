/** bench/results/RESPONSIVENESS.md and responsiveness.json from one `npm run bench:responsiveness`. */
import { writeFileSync } from 'node:fs';
import type { LoopDelay } from './loop-delay.js';

export interface Latency {
  readonly p50: number;
  readonly p95: number;
}

export interface DialectResult {
  readonly dialect: string;
  readonly described: string;
  readonly expensive: { aloneMs: number; bytes: number; completedUnderLoad: number; startedUnderLoad: number };
  readonly idle: Latency;
  readonly loaded: Latency;
  readonly ratio: Latency;
  readonly pass: boolean;
  readonly failures: number;
  /** simple requests measured (the loaded sample stops after RESP_MAX_SAMPLE_S) */
  readonly samples: { idle: number; loaded: number };
  readonly engineIdle: Latency;
  readonly engineLoaded: Latency;
  readonly loopIdle: LoopDelay;
  readonly loopLoaded: LoopDelay;
}

export interface ResponsivenessResults {
  readonly at: string;
  readonly machine: { node: string; cores: number; loadavg: number[]; engine: string };
  readonly data: { index: string; documents: number };
  readonly samples: number;
  readonly inFlight: number;
  readonly target: number;
  readonly limits: object;
  readonly results: readonly DialectResult[];
}

const f = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const pair = (l: Latency): string => `${f(l.p50)} / ${f(l.p95)}`;

export function responsivenessMarkdown(r: ResponsivenessResults): string {
  const rows = r.results.map(
    (x) =>
      `| ${x.dialect} | ${pair(x.idle)} | ${pair(x.loaded)} | ${x.ratio.p50.toFixed(2)} / ${x.ratio.p95.toFixed(2)} | **${x.pass ? 'PASS' : 'FAIL'}** | ` +
      `${pair(x.engineIdle)} → ${pair(x.engineLoaded)} | ${x.loopIdle.max} → ${x.loopLoaded.max} (p99 ${x.loopLoaded.p99}) | ${f(x.expensive.aloneMs)} ms, ${(x.expensive.bytes / 1e6).toFixed(2)} MB |`,
  );
  const described = r.results.map((x) => `- **${x.dialect}**: ${x.described}. Alone: ${f(x.expensive.aloneMs)} ms, ${x.expensive.bytes} bytes; ${x.expensive.completedUnderLoad} answered during the loaded sample (${x.samples.loaded} simple requests${x.samples.loaded < r.samples ? ', cut by the time bound' : ''}${x.failures > 0 ? `, ${x.failures} not answered 200` : ''}).`);
  return [
    '# Responsiveness: a simple request while the most expensive accepted request runs',
    '',
    `Run ${r.at} by \`npm run bench:responsiveness\` (node ${r.machine.node}, ${r.machine.cores} cores shared by the proxy, the engine and the client;`,
    `${r.machine.engine}; load average at the end ${r.machine.loadavg.join(' / ')}). Data: ${r.data.documents} sales rows in \`${r.data.index}\`.`,
    `Per dialect: ${r.samples} simple requests (one grouping of ~30 countries, one metric; cache bypassed) with the proxy idle, then ${r.samples}`,
    `more while ${r.inFlight} of that dialect's most expensive accepted request (default limits) are always in flight. Target (issue 23):`,
    `loaded latency within ${r.target}× of idle, at p50 and at p95.`,
    '',
    '| dialect | idle p50 / p95 (ms) | loaded p50 / p95 (ms) | ratio p50 / p95 | ≤ 2× | engine alone: idle → loaded p50 / p95 (ms) | proxy event-loop delay max, idle → loaded (ms) | expensive request alone |',
    '|---|---:|---:|---:|---|---:|---:|---:|',
    ...rows,
    '',
    'Reading the columns: *engine alone* is a direct engine search of the same shape as the simple request, sent right after each',
    'proxied one (A B A B), so it sees the same load: its rise is engine contention (the expensive requests\' engine work on the',
    'same 2 cores), not the proxy. *Proxy event-loop delay* is `perf_hooks.monitorEventLoopDelay` inside the proxy process (5 ms',
    'sampling, so an idle loop reads ~5 ms): its maximum is the longest stretch the proxy was blocked in synchronous work, which',
    'delays every request that arrives meanwhile, whatever its dialect.',
    '',
    '## The expensive requests',
    '',
    ...described,
    '',
    'Raw figures: `responsiveness.json`.',
    '',
  ].join('\n');
}

/** A subset of dialects (`-- druid`) writes only a partial JSON, leaving the full report as it was. */
export function writeResponsiveness(r: ResponsivenessResults, dir: URL, partial: boolean): void {
  if (partial) {
    writeFileSync(new URL('responsiveness-partial.tmp', dir), JSON.stringify(r, null, 2) + '\n');
    return;
  }
  writeFileSync(new URL('responsiveness.json', dir), JSON.stringify(r, null, 2) + '\n');
  writeFileSync(new URL('RESPONSIVENESS.md', dir), responsivenessMarkdown(r));
}
