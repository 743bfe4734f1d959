/**
 * The proxy under attack runs in a child process (`node --import tsx src/main.ts`, the production entry),
 * so a request that crashes it or exhausts its heap is one failed case, not a dead vitest worker. The
 * child's heap is capped: a memory bomb ends the child quickly instead of swapping a shared machine.
 * Fixtures are loaded into the run's engine by the test process, under unique index names.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { EngineClient } from '../../src/backend/engine-client.js';
import { loadIndex } from '../../src/demo/load.js';
import type { ConfigFile } from '../../src/catalog/config.js';
import type { FixtureIndex } from '../helpers/harness.js';
import { freePort } from '../../src/util/free-port.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export interface Sent {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
}

export interface Request {
  readonly method?: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** a string or bytes are sent as they are; anything else as JSON */
  readonly body?: unknown;
}


const encode = (body: unknown): string | Uint8Array | undefined =>
  body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);

export class ProxyProcess {
  private child: ChildProcess | undefined;
  private exit: string | undefined;
  private tail = '';
  /** how many times the child had to be started again after dying or hanging */
  restarts = 0;

  private constructor(
    readonly engineUrl: string,
    readonly indices: readonly string[],
    private readonly port: number,
    private readonly configPath: string,
    private readonly dir: string,
  ) {}

  static async start(fixtures: readonly FixtureIndex[], overrides: Partial<ConfigFile> = {}): Promise<ProxyProcess> {
    const url = inject('engineUrl');
    const engine = new EngineClient(url, 60_000);
    const run = `${process.pid}-${Date.now().toString(36)}`;
    const datasets: ConfigFile['datasets'] = {};
    for (const f of fixtures) {
      const index = `t-hostile-${f.dataset.toLowerCase()}-${run}`;
      await loadIndex(engine, { index, mapping: f.mapping, docs: f.docs, shards: f.shards ?? 1 });
      datasets[f.dataset] = { index, ...f.options };
    }
    const dir = mkdtempSync(join(tmpdir(), 'aggproxy-hostile-'));
    const configPath = join(dir, 'config.json');
    // engine timeout below the suite's per-request timeout, so a slow engine shows as the proxy's 504
    const config: ConfigFile = { ...overrides, engine: { url, timeoutMs: 15_000, ...overrides.engine }, datasets, cache: { maxBytes: 0, ttlMs: 0 } };
    writeFileSync(configPath, JSON.stringify(config));
    const p = new ProxyProcess(url, Object.values(datasets).map((d) => d.index), await freePort(), configPath, dir);
    await p.spawn();
    return p;
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** the child's last output, for a failure message */
  get log(): string {
    return this.tail.slice(-4000);
  }

  get alive(): boolean {
    return this.child !== undefined && this.exit === undefined;
  }

  /** why the child ended, if it did */
  get exitReason(): string | undefined {
    return this.exit;
  }

  private async spawn(): Promise<void> {
    this.exit = undefined;
    this.tail = '';
    const child = spawn(process.execPath, ['--max-old-space-size=1024', '--import', 'tsx', 'src/main.ts'], {
      cwd: repo,
      env: { ...process.env, AGGPROXY_CONFIG: this.configPath, PORT: String(this.port), LOG_LEVEL: 'warn', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (b: Buffer): void => {
      this.tail = (this.tail + b.toString('utf8')).slice(-64_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      if (this.child === child) this.exit = signal ? `signal ${signal}` : `exit code ${code}`;
    });
    for (let i = 0; i < 300; i++) {
      if (this.exit) throw new Error(`proxy child did not start (${this.exit}):\n${this.log}`);
      if (await this.healthy(500)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`proxy child did not answer /healthz within 30 s:\n${this.log}`);
  }

  async healthy(timeoutMs = 3000): Promise<boolean> {
    try {
      const res = await fetch(`${this.base}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
      await res.text();
      return res.ok;
    } catch {
      return false;
    }
  }

  /** Sent with node:http, not fetch: the path goes out byte for byte (fetch would resolve `%2e%2e`). */
  send(r: Request, timeoutMs = 20_000): Promise<Sent> {
    const body = encode(r.body);
    const headers: Record<string, string> = { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...r.headers };
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: this.port, path: r.path, method: r.method ?? (body === undefined ? 'GET' : 'POST'), headers, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (b: Buffer) => chunks.push(b));
        res.on('error', reject);
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: h });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Kills a hung child, or starts a dead one again: the next case gets a working proxy. */
  async recover(): Promise<void> {
    if (this.alive && (await this.healthy())) return;
    this.restarts++;
    await this.kill();
    await this.spawn();
  }

  private async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }

  /** How many requests of `dialect` have called the engine so far (the proxy's own metrics). */
  async engineCalls(dialect: string): Promise<number> {
    const res = await fetch(`${this.base}/metrics`, { signal: AbortSignal.timeout(5000) });
    const text = await res.text();
    let n = 0;
    for (const m of text.matchAll(/^aggproxy_engine_duration_seconds_count\{([^}]*)\} (\d+)$/gm)) if ((m[1] ?? '').includes(`dialect="${dialect}"`)) n += Number(m[2]);
    return n;
  }

  async engineHealth(): Promise<string> {
    try {
      const res = await fetch(`${this.engineUrl}/_cluster/health`, { signal: AbortSignal.timeout(10_000) });
      return ((await res.json()) as { status?: string }).status ?? `HTTP ${res.status}`;
    } catch (e) {
      return `unreachable (${(e as Error).message})`;
    }
  }

  async stop(): Promise<void> {
    await this.kill();
    const engine = new EngineClient(this.engineUrl, 30_000);
    for (const index of this.indices) await engine.request('DELETE', `/${index}`).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
