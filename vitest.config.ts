import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (no engine: parsers, compiler golden files, reader), and the end-to-end
 * suite (`*.e2e.test.ts`) once per engine, each project starting its own engine once per run.
 * `npx vitest run --project opensearch` runs one engine only. Every project first builds the
 * playground's front-end when its sources changed (test/setup/playground.ts).
 */
const e2e = (name: 'opensearch' | 'elasticsearch') => ({
  extends: true as const,
  test: { name, include: ['test/**/*.e2e.test.ts'], globalSetup: ['test/setup/engine.ts', 'test/setup/playground.ts'] },
});

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // files share two small engines; two at a time keeps a 2-core machine responsive
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/**/*.e2e.test.ts', 'test/cluster/**'], globalSetup: ['test/setup/playground.ts'] } },
      e2e('opensearch'),
      e2e('elasticsearch'),
    ],
  },
});
