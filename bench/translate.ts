/** Translate cost per dialect: parse + validate + lower + compile, no engine, median µs (tinybench). */
import { Bench } from 'tinybench';
import { execute, parse, validate } from 'graphql';
import { schemaFromMapping } from '../src/ir/schema.js';
import { buildConfig } from '../src/catalog/config.js';
import { compile } from '../src/compiler/compile.js';
import { parseAggregate } from '../translators/relevance-ai/schema.js';
import { lowerAggregate as lowerRelevance } from '../translators/relevance-ai/lower.js';
import { exposeObject, type ExposedObject } from '../translators/nue-graphql/names.js';
import { buildSchema } from '../translators/nue-graphql/schema.js';
import { collectSelections } from '../translators/nue-graphql/selection.js';
import { lowerAggregate as lowerNue } from '../translators/nue-graphql/lower.js';
import { benchMapping } from './data.js';
import { QUERIES } from './queries.js';
import { ALL_CAPABILITIES } from '../src/backend/capabilities.js';
import { parseSqlRequest } from '../translators/druid/sql/request.js';
import { parseSqlText } from '../translators/druid/sql/syntax.js';
import { bindParameters } from '../translators/druid/sql/scope.js';
import { planSelect } from '../translators/druid/sql/plan.js';
import { druidColumns } from '../translators/druid/metadata.js';
import { parseQuery } from '../translators/druid/parse.js';
import { lowerQuery } from '../translators/druid/lower.js';
import { Catalog } from '../src/catalog/catalog.js';
import { ANONYMOUS } from '../src/auth/access.js';
import { match } from 'path-to-regexp';
import { DIALECTS } from '../translators/registry.js';
import type { DialectRequest, QueryRoute } from '../src/dialect/contract.js';
import type { BenchQuery } from './queries.js';
import type { AppConfig } from '../src/catalog/config.js';
import type { DatasetSchema } from '../src/ir/schema.js';

/**
 * Any dialect through its contract as the server mounts it (route by method and path, parse,
 * dataset, lower), then compile: the queries, or a staged request's probe.
 */
function throughContract(q: BenchQuery, config: AppConfig, schema: DatasetSchema, opts: Parameters<typeof compile>[1]): () => void {
  const dialectId = q.dialect === 'ods-explore' ? 'opendatasoft' : q.dialect;
  const dialect = DIALECTS.find((d) => d.id === dialectId);
  const [path = '', search = ''] = q.path.split('?');
  const method = q.body === undefined ? 'get' : 'post';
  for (const route of dialect?.routes ?? []) {
    if (route.kind !== 'query' || route.method !== method) continue;
    const m = route.paths.map((p) => match<Record<string, string>>(p, { decode: decodeURIComponent })(path)).find((x) => x !== false);
    if (!m) continue;
    const r = route as QueryRoute<never>;
    const http: DialectRequest = { method: method.toUpperCase(), params: { ...m.params }, query: Object.fromEntries(new URLSearchParams(search)), body: q.body, header: () => undefined, url: `http://localhost${q.path}` };
    return () => {
      const parsed = r.parse(http, config);
      const dataset = new Catalog(config).resolve(parsed.dataset, ANONYMOUS);
      const lowered = r.lower(parsed.request, { dataset, schema, config, http });
      for (const ir of 'probe' in lowered ? lowered.probe : lowered.queries) compile(ir, opts);
    };
  }
  throw new Error(`${q.dialect}: no query route for ${method.toUpperCase()} ${path}`);
}

export async function translateCost(): Promise<Record<string, number>> {
  const schema = schemaFromMapping('sales', benchMapping.properties as never);
  const config = buildConfig({ datasets: { sales: { index: 'sales', timeField: 'sales_date' } } });
  const druidCtx = { dataset: new Catalog(config).resolve('sales', ANONYMOUS), schema };
  const opts = { index: 'sales', schema, caps: ALL_CAPABILITIES, compositePageSize: 2000 };
  const gqlSchema = buildSchema([exposeObject('sales', schema) as ExposedObject], {
    aggregate: async (obj, rowType, args, info) => {
      compile(lowerNue(obj, args, collectSelections(info, rowType), info.fieldNodes[0]!, rowType.name, config).query, opts);
      return [];
    },
    collection: async () => [],
  });
  const bench = new Bench({ time: 400, warmupTime: 100 });
  for (const q of QUERIES) {
    if (q.dialect === 'relevance-ai') {
      bench.add(q.id, () => {
        compile(lowerRelevance({ req: parseAggregate(q.body), dataset: 'sales', schema, config }).query, opts);
      });
    } else if (q.dialect === 'druid') {
      bench.add(q.id, () => {
        compile(lowerQuery(druidCtx, parseQuery(q.body), config).ir, opts);
      });
    } else if (q.dialect === 'druid-sql') {
      // the SQL path: request, parse, bind, plan to native, then the native path
      bench.add(q.id, () => {
        const req = parseSqlRequest(q.body);
        const tree = bindParameters(parseSqlText(req.query), req.parameters, req.query);
        const plan = planSelect(tree, { text: req.query, dataSource: 'sales', columns: druidColumns(druidCtx), context: req.context });
        compile(lowerQuery(druidCtx, parseQuery(plan.native), config).ir, opts);
      });
    } else if (q.dialect === 'shopware' || q.dialect === 'opendatasoft' || q.dialect === 'ods-explore') {
      bench.add(q.id, throughContract(q, config, schema, opts));
    } else {
      const text = (q.body as { query: string }).query;
      bench.add(q.id, async () => {
        const document = parse(text);
        if (validate(gqlSchema, document).length > 0) throw new Error('invalid');
        await execute({ schema: gqlSchema, document });
      });
      // what the server does for a document it has seen: validated documents are kept per schema
      const seen = parse(text);
      bench.add(`${q.id} (document seen before)`, async () => {
        await execute({ schema: gqlSchema, document: seen });
      });
    }
  }
  await bench.run();
  const out: Record<string, number> = {};
  for (const t of bench.tasks) {
    const r = t.result as { latency?: { p50?: number }; p50?: number } | undefined;
    const ms = r?.latency?.p50 ?? r?.p50 ?? NaN;
    out[t.name] = Math.round(ms * 1000 * 10) / 10;
  }
  return out;
}
