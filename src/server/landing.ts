/**
 * GET /: a small landing page linking to what a person can open in a browser. Each link is one
 * entry of `LINKS`.
 */
import type { RequestHandler } from 'express';

interface Link {
  readonly href: string;
  readonly title: string;
  readonly text: string;
}

export const LINKS: readonly Link[] = [
  { href: '/playground/', title: 'Playground', text: 'try every dialect on the exposed datasets: answer as a table and a chart, next to the explain view' },
  { href: '/docs', title: 'API reference', text: 'every route of every dialect, rendered from the OpenAPI document' },
  { href: '/openapi.json', title: 'OpenAPI 3.1', text: 'the API description as JSON' },
  { href: '/metrics', title: 'Metrics', text: 'Prometheus metrics: requests, latency, cache, engine errors' },
  { href: '/readyz', title: 'Readiness', text: 'the engine, its version and capabilities' },
];

const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>aggproxy</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#1d2733}
a{color:#0b5cad;font-weight:600}li{margin:.4rem 0}code{background:#eef2f6;padding:0 .25rem;border-radius:3px}</style>
</head><body>
<h1>aggproxy</h1>
<p>Answers aggregation queries written in foreign dialects — Relevance AI, Nue GraphQL, Shopware DAL, Apache Druid,
Opendatasoft — on Elasticsearch or OpenSearch, at each product's own HTTP paths.</p>
<ul>
${LINKS.map((l) => `<li><a href="${escape(l.href)}">${escape(l.title)}</a> — ${escape(l.text)}</li>`).join('\n')}
</ul>
</body></html>
`;

export const landingPage: RequestHandler = (_req, res) => {
  res.type('html').send(page);
};
