/**
 * translate and explain against the run's real engine: the mapping read from the engine, the
 * probe of a staged request run by explain only, and the engine's own flavour in the output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineUrl, startProxy, type Proxy } from '../../helpers/harness.js';
import { engineFlavour } from '../../helpers/engine.js';
import { translate } from '../../../src/cli/translate.js';

const mapping = { properties: { n: { type: 'integer' }, k: { type: 'keyword' } } };
const docs = Array.from({ length: 20 }, (_, i) => ({ n: i * 5, k: `k${i % 3}` }));
const body = JSON.stringify({ aggregations: { a: { group_by: [{ name: 'r', expr: 'range(n, equi(4))' }], aggregates: { c: 'COUNT()' } } } });

let proxy: Proxy;
let config: string;
beforeAll(async () => {
  // the harness loads the index under a unique name; the CLI gets a configuration naming it
  proxy = await startProxy([{ dataset: 'nums', mapping, docs }]);
  const index = (await proxy.post('/api/v2/datasets/nums/aggregate?explain=true', body)).body.explain.probe[0].index as string;
  config = join(mkdtempSync(join(tmpdir(), 'aggproxy-translate-')), 'config.json');
  writeFileSync(config, JSON.stringify({ engine: { url: engineUrl() }, datasets: { nums: { index } } }));
});
afterAll(async () => proxy?.close());

interface Doc {
  explain: { engine: { flavour: string }; probe: unknown[]; queries: { requests: unknown[] }[]; pending?: string };
}

describe('translate and explain on the engine', () => {
  it('translate reads the mapping and identity from the engine but runs no probe', async () => {
    const r = await translate({ dialect: 'opendatasoft', dataset: 'nums', body, configFile: config, runProbes: false });
    expect(r.status).toBe(200);
    const doc = r.body as Doc;
    expect(doc.explain.engine.flavour).toBe(engineFlavour());
    expect(doc.explain.probe).toHaveLength(1);
    expect(doc.explain.queries).toEqual([]);
    expect(doc.explain.pending).toBeDefined();
  });

  it('explain runs the probe stage and shows the queries it shaped', async () => {
    const r = await translate({ dialect: 'opendatasoft', dataset: 'nums', body, configFile: config, runProbes: true });
    expect(r.status).toBe(200);
    const doc = r.body as Doc;
    expect(doc.explain.probe).toHaveLength(1);
    expect(doc.explain.queries.length).toBeGreaterThan(0);
    expect(JSON.stringify(doc.explain.queries)).toContain('"range"');
    expect(doc.explain.pending).toBeUndefined();
  });
});
