import { describe, expect, it } from 'vitest';
import { validate, compileErrors } from '@readme/openapi-parser';
import { pino } from 'pino';
import { openApiDocument, PLAYGROUND_PATHS } from '../../../src/openapi/document.js';
import { openApiPath } from '../../../src/openapi/build.js';
import { buildConfig } from '../../../src/catalog/config.js';
import { createApp } from '../../../src/server/app.js';
import { mountedRoutes } from '../../helpers/routes.js';

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 for a maintained parser', async () => {
    // validate() dereferences in place: give it a copy
    const doc = structuredClone(openApiDocument());
    const result = await validate(doc as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.specification).toBe('OpenAPI');
    expect(openApiDocument().openapi).toBe('3.1.0');
  });

  it('describes every route the app mounts, with its method', () => {
    const app = createApp(buildConfig({ datasets: { sales: { index: 'sales' } } }), pino({ level: 'silent' }));
    const routes = mountedRoutes(app.express);
    const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
    const missing = routes.filter((r) => !paths[openApiPath(r.path)]?.[r.method]).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
    // and nothing described that is not mounted (the playground's routes come with its branch, or stay unbuilt)
    const mounted = new Set(routes.map((r) => `${r.method} ${openApiPath(r.path)}`));
    const extra = Object.entries(paths)
      .filter(([p]) => !(p in PLAYGROUND_PATHS))
      .flatMap(([p, ops]) => Object.keys(ops).filter((m) => !mounted.has(`${m} ${p}`)).map((m) => `${m} ${p}`));
    expect(extra).toEqual([]);
    // every dialect is there
    expect(routes.length).toBeGreaterThan(30);
  });

  it('reuses the request schemas the Relevance AI parser validates with', async () => {
    const { aggregateSchema } = await import('../../../translators/relevance-ai/schema.js');
    const op = (openApiDocument().paths as Record<string, Record<string, { requestBody: { content: Record<string, { schema: unknown }> } }>>)['/latest/datasets/{id}/aggregate']!.post!;
    expect(op.requestBody.content['application/json']!.schema).toBe(aggregateSchema);
  });
});
