import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // one engine for the whole run, started (or found) here
    globalSetup: ['test/setup/engine.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // files share one small engine; two at a time keeps a 2-core machine responsive
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
