/**
 * The OpenAPI 3.1 document: every route of every dialect (described next to each dialect's routes,
 * translators/<dialect>/openapi.ts) and the operational ones. Served at /openapi.json; a test
 * checks that every route the app mounts is described here.
 */
import { json, type Paths } from './build.js';
import { DIALECTS } from '../../translators/registry.js';

const OPS = 'Operations';

const text = (type: string, description: string): Record<string, unknown> => ({ description, content: { [type]: { schema: { type: 'string' } } } });

function opsPaths(): Paths {
  return {
    '/healthz': { get: { tags: [OPS], summary: 'Process up', responses: { '200': json({ type: 'object', properties: { status: { const: 'ok' } } }) } } },
    '/readyz': {
      get: {
        tags: [OPS],
        summary: "Engine reachable: its flavour, version, health and capabilities (and why a missing one is missing)",
        responses: {
          '200': json({ type: 'object', properties: { status: { const: 'ready' }, engine: { type: 'object' } } }, 'ready'),
          '503': json({ type: 'object', properties: { status: { const: 'unavailable' }, reason: { type: 'string' } } }, 'engine unreachable or red'),
        },
      },
    },
    '/metrics': { get: { tags: [OPS], summary: 'Prometheus metrics (text exposition format)', responses: { '200': text('text/plain', 'metrics') } } },
    '/openapi.json': { get: { tags: [OPS], summary: 'This document', responses: { '200': json({ type: 'object' }, 'OpenAPI 3.1') } } },
    '/docs': { get: { tags: [OPS], summary: 'The rendered API reference (served locally, works offline)', responses: { '200': text('text/html', 'HTML') } } },
    '/docs/reference.js': { get: { tags: [OPS], summary: "The reference page's start-up script", responses: { '200': text('application/javascript', 'JavaScript') } } },
  };
}

/**
 * The landing page and the playground's routes (src/server/landing.ts, src/server/playground.ts:
 * built on another branch of issue 22 and merged with this one); described here so the document
 * covers them once both are in.
 */
export const PLAYGROUND_PATHS: Paths = {
  '/': { get: { tags: [OPS], summary: 'Landing page: links to the playground, the API reference, the document and the metrics', responses: { '200': text('text/html', 'HTML') } } },
  '/playground': { get: { tags: ['Playground'], summary: 'The playground (static front-end; 503 with a hint when it is not built)', responses: { '200': text('text/html', 'HTML'), '503': text('text/plain', 'not built') } } },
  '/playground/{rest}': {
    get: {
      tags: ['Playground'],
      summary: "The playground's static files",
      parameters: [{ name: 'rest', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'a static file' }, '503': text('text/plain', 'not built') },
    },
  },
  '/playground/meta.json': {
    get: {
      tags: ['Playground'],
      summary: 'What the playground may offer: whether auth is on, the exposed datasets (none listed with auth on)',
      responses: {
        '200': json({ type: 'object', required: ['auth', 'datasets'], properties: { auth: { type: 'boolean' }, datasets: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, timeField: { type: 'string' } } } } } }),
      },
    },
  },
};

const explain = {
  type: 'object',
  required: ['explain'],
  description: 'the explain document (?explain=true): IR, its hash, the exact engine requests, the read plan and notes on approximations',
  properties: {
    explain: {
      type: 'object',
      properties: {
        engine: { type: 'object', properties: { flavour: { type: 'string' }, version: { type: 'string' }, scripts: { type: 'boolean' }, missing: { type: 'object' } } },
        probe: { type: 'array', items: { $ref: '#/components/schemas/ExplainedQuery' } },
        queries: { type: 'array', items: { $ref: '#/components/schemas/ExplainedQuery' } },
        pending: { type: 'string' },
        documents: { type: 'object' },
      },
    },
  },
};
const explainedQuery = {
  type: 'object',
  properties: {
    ir: { type: 'object' },
    irHash: { type: 'string' },
    index: { type: 'string' },
    requests: { type: 'array', items: { type: 'object', properties: { method: { type: 'string' }, path: { type: 'string' }, body: { type: 'object' }, pagedBy: { type: 'string' } } } },
    plan: { type: 'object' },
    notes: { type: 'array', items: { type: 'string' } },
  },
};

let built: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  built ??= {
    openapi: '3.1.0',
    info: {
      title: 'aggproxy',
      version: '0.1.0',
      summary: 'Foreign aggregation dialects answered on Elasticsearch / OpenSearch',
      description:
        'Each dialect is served at the path its own product uses, with its own request and error shapes. Every dialect request takes `?explain=true` and answers `x-aggproxy-cache` and `x-request-id`.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    tags: ['Relevance AI', 'Nue GraphQL', 'Shopware DAL', 'Apache Druid', 'Opendatasoft', 'Playground', OPS].map((name) => ({ name })),
    paths: { ...Object.assign({}, ...DIALECTS.map((d) => d.openapi())), ...PLAYGROUND_PATHS, ...opsPaths() },
    components: { schemas: { Explain: explain, ExplainedQuery: explainedQuery } },
  };
  return built;
}
