/**
 * Operational routes: Prometheus metrics, the OpenAPI document, its rendered reference page
 * (swagger-ui-dist's static bundle, served from node_modules: no CDN, works offline). The landing
 * page at / (src/server/landing.ts, with the playground) links them.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { type Router } from 'express';
import type { Metrics } from '../observability/metrics.js';
import { openApiDocument } from '../openapi/document.js';

const require = createRequire(import.meta.url);
/** the folder of swagger-ui-dist's static files, wherever npm put the package */
const swaggerUiDir = dirname(require.resolve('swagger-ui-dist/package.json'));

const page = (title: string, head: string, body: string): string =>
  `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>${head}</head><body>${body}</body></html>\n`;

const DOCS = page(
  'aggproxy API reference',
  '<link rel="stylesheet" href="/docs/assets/swagger-ui.css">',
  '<div id="reference"></div><script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/reference.js"></script>',
);
// a separate file, so the page works under a Content-Security-Policy without inline scripts
const DOCS_SCRIPT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#reference', deepLinking: true });\n`;

export function opsRouter(metrics: Metrics): Router {
  const r = express.Router();
  r.get('/metrics', metrics.handler);
  r.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  r.get('/docs', (_req, res) => {
    res.type('html').send(DOCS);
  });
  r.get('/docs/reference.js', (_req, res) => {
    res.type('application/javascript').send(DOCS_SCRIPT);
  });
  r.use('/docs/assets', express.static(swaggerUiDir, { index: false, fallthrough: false, maxAge: '1h' }));
  return r;
}
