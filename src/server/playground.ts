/**
 * The playground's server side: the static front-end (built by `npm run build:playground` into
 * playground/dist) under /playground, and /playground/meta.json, which tells it what it may offer.
 * The page itself only calls the dialects' own routes, as any client would.
 */
import express, { type Router } from 'express';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '../catalog/catalog.js';

/** What the front-end needs to know about the running configuration. */
export interface PlaygroundMeta {
  /** whether dialect routes want credentials (then the dataset names are not listed) */
  readonly auth: boolean;
  /** the exposed datasets, with the time field where one is configured */
  readonly datasets: readonly { readonly name: string; readonly timeField?: string }[];
}

// from src/server/ in the source tree, and from dist/src/server/ in a compiled build
const candidates = ['../../playground/dist/', '../../../playground/dist/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

export function playgroundDir(): string | undefined {
  return candidates.find((dir) => existsSync(`${dir}index.html`));
}

export function playgroundMeta(catalog: Catalog): PlaygroundMeta {
  // with authentication on, a name is not told to whoever asks (a dataset a tenant may not read answers 404)
  if (catalog.access.enabled) return { auth: true, datasets: [] };
  return { auth: false, datasets: catalog.all().map((d) => ({ name: d.name, ...(d.timeField ? { timeField: d.timeField } : {}) })) };
}

export function playgroundRouter(catalog: Catalog): Router {
  const r = express.Router();
  r.get('/playground/meta.json', (_req, res) => {
    res.json(playgroundMeta(catalog));
  });
  const dir = playgroundDir();
  if (dir) {
    // hashed asset names: cacheable for long; index.html is always revalidated
    r.use('/playground', express.static(dir, { index: 'index.html', maxAge: '1h', setHeaders: (res, path) => {
      if (path.endsWith('.html')) res.setHeader('cache-control', 'no-cache');
    } }));
  } else {
    r.get(['/playground', '/playground/*rest'], (_req, res) => {
      res.status(503).type('text/plain').send('The playground is not built: run `npm run build:playground` (npm start and npm test build it themselves).\n');
    });
  }
  return r;
}
