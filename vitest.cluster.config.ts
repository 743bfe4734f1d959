import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: end-to-end tests on a real three-node OpenSearch cluster (test/cluster),
 * kept out of `npm test` and CI: three more JVMs take ~1.5 GB and ~40 s to form on the CI machine.
 */
export default defineConfig({
  test: {
    testTimeout: 240_000,
    hookTimeout: 300_000,
    // one file at a time: its tests stop and start nodes
    fileParallelism: false,
    projects: [{ extends: true, test: { name: 'cluster', include: ['test/cluster/**/*.cluster.test.ts'], globalSetup: ['test/setup/cluster.ts'] } }],
  },
});
