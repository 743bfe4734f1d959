/**
 * Golden-file runner: each case folder holds `input.json`; the runner writes or compares
 * `ir.json` (the lowered IR) and `request.json` (the engine requests and read plan).
 * `npm run golden:update` rewrites the files; review the diff like code.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

export const UPDATE = process.env.UPDATE_GOLDEN === '1';

export function caseDirs(root: URL): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function readJson<T>(url: URL): T {
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

export function matchGolden(url: URL, actual: unknown): void {
  const text = JSON.stringify(actual, null, 2) + '\n';
  if (UPDATE || !existsSync(url)) {
    writeFileSync(url, text);
    return;
  }
  expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(url, 'utf8')));
}
