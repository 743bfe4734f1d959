/**
 * The playground's front-end build: static files under /playground, no external requests
 * (everything bundled, so it works offline). `npm run build:playground` runs it (playground/build.ts).
 * For front-end work, `npx vite --config playground/vite.config.ts` serves it with the proxy's routes
 * forwarded to AGGPROXY_URL (default http://127.0.0.1:8080).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const target = process.env.AGGPROXY_URL ?? 'http://127.0.0.1:8080';
const forwarded = ['/playground/meta.json', '/latest', '/v1', '/datasets', '/services', '/graphql', '/api', '/druid'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/playground/',
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 400, reportCompressedSize: false },
  server: { proxy: Object.fromEntries(forwarded.map((p) => [p, { target }])) },
});
