/**
 * The checkout's (or installed package's) root: the nearest folder above this module holding
 * aggproxy's package.json. Found by walking up, so the same code works from src/ under tsx and
 * from dist/src/ under plain node.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function repoRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'aggproxy') return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('aggproxy: cannot find the package root (no package.json named aggproxy above this module)');
    dir = up;
  }
}

export const repoPath = (...parts: string[]): string => join(repoRoot(), ...parts);
