/**
 * Canonical form and hash of an IR query: origins (dialect request locations) are dropped and
 * object keys sorted, so the same question asked by two dialects hashes the same.
 */
import { createHash } from 'node:crypto';

export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return '[' + v.map(stableStringify).join(',') + ']';
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([k, x]) => x !== undefined && k !== 'origin')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return '{' + entries.map(([k, x]) => JSON.stringify(k) + ':' + stableStringify(x)).join(',') + '}';
}

export function hashOf(...parts: unknown[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(stableStringify(p)).update('\u0000');
  return h.digest('hex');
}
