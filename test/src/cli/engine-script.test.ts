/** scripts/engine.sh's contract with programs: stdout carries the URL alone; an explicit ENGINE_CACHE is never moved. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../../scripts/engine.sh', import.meta.url));
const run = (args: string[], env: Record<string, string> = {}) => spawnSync('bash', [script, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

describe('scripts/engine.sh', () => {
  it('prints exactly the URL on stdout for `url`', () => {
    const r = run(['url', 'opensearch'], { ENGINE_PORT: '19249' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('http://127.0.0.1:19249\n');
  });

  it.runIf(process.getuid?.() === 0)('refuses an explicit ENGINE_CACHE its engine user cannot traverse, instead of moving it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aggproxy-cache-'));
    try {
      chmodSync(dir, 0o700);
      mkdirSync(join(dir, 'engine'));
      const r = run(['fetch', 'opensearch'], { ENGINE_CACHE: join(dir, 'engine') });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`ENGINE_CACHE=${join(dir, 'engine')} is not traversable`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
