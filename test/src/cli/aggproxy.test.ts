/**
 * The `aggproxy` command as users run it: built with `npm run build` and run with plain node from
 * dist/ (no tsx). translate needs no engine with --mapping; serve starts without one (the engine is
 * detected on first use) and drains on SIGTERM.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(repo, 'dist/src/cli/aggproxy.js');
const fixture = (p: string): string => join(repo, 'fixtures', p);

function aggproxy(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, input, encoding: 'utf8', env: { ...process.env, AGGPROXY_ENGINE_URL: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const druidQuery = JSON.stringify({
  queryType: 'groupBy',
  dataSource: 'testing',
  granularity: 'day',
  intervals: ['2011-04-01/2011-04-03'],
  dimensions: ['quality'],
  aggregations: [{ type: 'count', name: 'rows' }, { type: 'longSum', name: 'idx', fieldName: 'index' }],
});

let dir: string;
beforeAll(() => {
  const built = spawnSync('npm', ['run', 'build'], { cwd: repo, encoding: 'utf8' });
  expect(built.status, built.stdout + built.stderr).toBe(0);
  dir = mkdtempSync(join(tmpdir(), 'aggproxy-cli-'));
}, 120_000);

describe('aggproxy --help', () => {
  it('lists the commands, and each command its options', () => {
    const root = aggproxy(['--help']);
    expect(root.status).toBe(0);
    for (const c of ['serve', 'translate', 'explain']) expect(root.stdout).toContain(c);
    const translate = aggproxy(['translate', '--help']);
    expect(translate.status).toBe(0);
    for (const o of ['--dialect', '--dataset', '--mapping', '--config', '--engine-url', '--json', '--header', 'choices:']) expect(translate.stdout).toContain(o);
    expect(aggproxy(['explain', '--help']).stdout).toContain('probe stages only');
    expect(aggproxy(['serve', '--help']).stdout).toContain('--port');
  });
});

describe('aggproxy hash-password', () => {
  it('prints a bcrypt hash of the password read from stdin (one trailing newline is not part of it)', () => {
    const r = aggproxy(['hash-password', '--cost', '10'], 'correct horse battery\n');
    expect(r.status, r.stderr).toBe(0);
    const hash = r.stdout.trim();
    expect(hash).toMatch(/^\$2b\$10\$/);
    expect(bcrypt.compareSync('correct horse battery', hash)).toBe(true);
    expect(r.stdout + r.stderr).not.toContain('correct horse');
  });

  it('refuses an empty password and an out-of-range cost, exit 1', () => {
    expect(aggproxy(['hash-password'], '').status).toBe(1);
    expect(aggproxy(['hash-password', '--cost', '3'], 'x').stderr).toContain('--cost');
  });
});

describe('aggproxy translate', () => {
  it('prints the engine requests of a Druid query from a file, with the mapping from a file and no engine', () => {
    const file = join(dir, 'druid.json');
    writeFileSync(file, druidQuery);
    const r = aggproxy(['translate', '--dialect', 'druid', '--dataset', 'testing', '--time-field', 'ts', '--mapping', fixture('druid/mapping.json'), file]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('POST /testing/_search    # paged by composite after_key');
    expect(r.stdout).toContain('"calendar_interval": "1d"');
    expect(r.stdout).toContain('# for opensearch 2.19.5');
  });

  it('reads stdin, prints the whole explain document with --json, and shows a staged request\'s probe only', () => {
    const body = JSON.stringify({ aggregations: { a: { group_by: [{ name: 'r', expr: 'range(sales_count, equi(4))' }], aggregates: { n: 'COUNT()' } } } });
    const r = aggproxy(['translate', '-d', 'opendatasoft', '-s', 'sales', '-m', fixture('opendatasoft/mapping.json'), '--json', '-'], body);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { explain: { probe: { requests: unknown[] }[]; queries: unknown[]; pending: string } };
    expect(doc.explain.probe).toHaveLength(1);
    expect(doc.explain.queries).toEqual([]);
    expect(doc.explain.pending).toMatch(/aggproxy explain/);
  });

  it('compiles for the flavour asked: no scripts where the configuration disables them', () => {
    const file = join(dir, 'odsvirtual.json');
    writeFileSync(file, JSON.stringify({ virtual_fields: { avg: 'sales_amount / sales_count' }, aggregations: { a: { aggregates: { m: 'AVG(avg)' } } } }));
    const ok = aggproxy(['translate', '-d', 'opendatasoft', '-s', 'sales', '-m', fixture('opendatasoft/mapping.json'), '--flavour', 'elasticsearch', file]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('# for elasticsearch 8.19.7');
    expect(ok.stdout).toContain('"source"');
    const config = join(dir, 'noscripts.json');
    writeFileSync(config, JSON.stringify({ engine: { url: 'http://127.0.0.1:9', disable: ['scripts'] }, datasets: { sales: { index: 'sales' } } }));
    const refused = aggproxy(['translate', '-d', 'opendatasoft', '-s', 'sales', '-c', config, '-m', fixture('opendatasoft/mapping.json'), file]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/opendatasoft answered 400/);
    expect(refused.stderr).toMatch(/scripts/);
  });

  it('answers a bad request with the dialect\'s own error, exit 1', () => {
    const r = aggproxy(['translate', '-d', 'relevance-ai', '-s', 'things', '-m', fixture('relevance/mapping.json'), '-'], '{"aggregation_query": {"groupby": [{"name": "x"}]}}');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('relevance-ai answered 422');
    expect(r.stderr).toContain('"loc"');
  });

  it('refuses an unknown dialect, naming the choices', () => {
    const r = aggproxy(['translate', '--dialect', 'sql', '--dataset', 'x', '-'], '{}');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("argument 'sql' is invalid. Allowed choices are relevance-ai, nue-graphql, shopware, druid, opendatasoft");
  });
});

describe('aggproxy serve', () => {
  it('serves from dist with plain node and exits 0 on SIGTERM after draining', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const config = join(dir, 'serve.json');
    // no engine on that port: serve must start anyway (the engine is detected on first use)
    writeFileSync(config, JSON.stringify({ engine: { url: 'http://127.0.0.1:9' }, datasets: { sales: { index: 'sales' } } }));
    const child = spawn(process.execPath, [bin, 'serve', '--config', config, '--port', String(port)], { cwd: repo, env: { ...process.env, AGGPROXY_ENGINE_URL: '', PORT: '' } });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 100 && !out.includes('aggproxy listening'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('aggproxy listening');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/openapi.json`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('shutting down');
  });
});
