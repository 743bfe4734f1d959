/** Writes the benchmark results: latest.json, and REPORT.md with an SVG chart of latency ratios. */
import { writeFileSync } from 'node:fs';

type Pcts = { p50: number; p95: number; p99: number };

export interface BenchResults {
  at: string;
  machine: { node: string; cores: number; engine: string };
  data: { index: string; documents: number; shards: number };
  iterations: number;
  latency: { query: string; dialect: string; requests: number; direct: Pcts; proxy: Pcts; ratio: Pcts }[];
  cached: { bodyBytes: number; proxy: { rps: number; p50: number; p99: number; errors: number }; bare: { rps: number; p50: number; p99: number; errors: number }; ratio: number };
  translateMicros: Record<string, number>;
  composite: { groups: number; compositeMs: number; termsMs: number; ratio: number };
  peakRssMiB: number;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Grouped bars: p50/p95/p99 proxy÷direct per query, with the 1.05 target line. */
function chart(r: BenchResults): string {
  const rowH = 54;
  const left = 250;
  const width = 760;
  const scaleMax = Math.max(1.5, ...r.latency.flatMap((l) => [l.ratio.p50, l.ratio.p95, l.ratio.p99])) * 1.05;
  const x = (v: number): number => left + ((width - left - 20) * v) / scaleMax;
  const colors = { p50: '#2f6fb0', p95: '#e08a1e', p99: '#b33a3a' };
  const height = 50 + rowH * r.latency.length + 30;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">Proxy latency ÷ direct engine call (same compiled requests, uncached)</text>`,
  ];
  r.latency.forEach((l, i) => {
    const y = 40 + i * rowH;
    parts.push(`<text x="10" y="${y + 22}">${esc(l.query)}</text>`);
    (['p50', 'p95', 'p99'] as const).forEach((k, j) => {
      const v = l.ratio[k];
      parts.push(`<rect x="${left}" y="${y + j * 15}" width="${Math.max(1, x(v) - left).toFixed(1)}" height="12" fill="${colors[k]}"/>`);
      parts.push(`<text x="${(x(v) + 4).toFixed(1)}" y="${y + j * 15 + 10}">${k} ${v.toFixed(3)}</text>`);
    });
  });
  const base = 40 + rowH * r.latency.length;
  for (const [v, label, dash] of [[1, '1.00', ''], [1.05, 'target 1.05', '4 3']] as const) {
    parts.push(`<line x1="${x(v)}" y1="35" x2="${x(v)}" y2="${base}" stroke="#555" stroke-dasharray="${dash}"/>`);
    parts.push(`<text x="${x(v) - 10}" y="${base + 16}">${label}</text>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'not met';
}

export function writeReport(r: BenchResults, dir: URL): void {
  writeFileSync(new URL('latest.json', dir), JSON.stringify(r, null, 2) + '\n');
  writeFileSync(new URL('latency-ratios.svg', dir), chart(r) + '\n');
  const worstP50 = Math.max(...r.latency.map((l) => l.ratio.p50));
  const worstTranslate = Math.max(...Object.values(r.translateMicros));
  const lines = [
    '# aggproxy benchmark report',
    '',
    `Run ${r.at} · Node ${r.machine.node} · ${r.machine.cores} cores · ${r.machine.engine} · ${r.data.documents.toLocaleString('en')} documents in ${r.data.shards} shards · ${r.iterations} iterations per query`,
    '',
    '| target | figure | verdict |',
    '|---|---|---|',
    `| uncached latency ratio ≤ 1.05 at p50 | worst ${worstP50.toFixed(3)} | ${verdict(worstP50 <= 1.05)} |`,
    `| cached throughput ≥ 80 % of bare Express | ${(100 * r.cached.ratio).toFixed(1)} % (${Math.round(r.cached.proxy.rps)} vs ${Math.round(r.cached.bare.rps)} req/s, ${r.cached.bodyBytes} B body) | ${verdict(r.cached.ratio >= 0.8)} |`,
    `| translate ≤ 50 µs | worst ${worstTranslate} µs (median per query) | ${verdict(worstTranslate <= 50)} |`,
    '',
    '![latency ratios](latency-ratios.svg)',
    '',
    '## Latency, uncached (ms)',
    '',
    '| query | engine requests | direct p50 / p95 / p99 | proxy p50 / p95 / p99 | ratio p50 / p95 / p99 |',
    '|---|---|---|---|---|',
    ...r.latency.map((l) => `| ${l.query} | ${l.requests} | ${l.direct.p50.toFixed(1)} / ${l.direct.p95.toFixed(1)} / ${l.direct.p99.toFixed(1)} | ${l.proxy.p50.toFixed(1)} / ${l.proxy.p95.toFixed(1)} / ${l.proxy.p99.toFixed(1)} | ${l.ratio.p50.toFixed(3)} / ${l.ratio.p95.toFixed(3)} / ${l.ratio.p99.toFixed(3)} |`),
    '',
    '## Translate cost (parse + validate + lower + compile), median µs',
    '',
    '| query | µs |',
    '|---|---|',
    ...Object.entries(r.translateMicros).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '## Exact group-by vs one terms aggregation',
    '',
    `${r.composite.groups.toLocaleString('en')} groups: composite paged to completion ${r.composite.compositeMs.toFixed(0)} ms, a single terms aggregation of the same size ${r.composite.termsMs.toFixed(0)} ms (${r.composite.ratio.toFixed(2)}×). The terms figure needs \`search.max_buckets\` raised and gives approximate counts under sharding; composite is exact.`,
    '',
    `## Memory`,
    '',
    `Peak RSS of the proxy process over the whole run: ${r.peakRssMiB} MiB.`,
    '',
  ];
  writeFileSync(new URL('REPORT.md', dir), lines.join('\n'));
}
