/** The engine client on each engine of the matrix: detection through the official clients, typed failures. */
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { EngineClient } from '../../../src/backend/engine-client.js';
import { failure } from '../../helpers/failure.js';


describe('engine client', () => {
  const engine = new EngineClient(inject('engineUrl'), 30_000);

  it('detects the flavour and version the run started', async () => {
    expect(await engine.info()).toEqual({ flavour: inject('engineFlavour'), version: inject('engineVersion') });
    expect(inject('engineVersion')).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('an engine refusal is a typed engine_error with the engine reason', async () => {
    const d = await failure(engine.search('no-such-index-aggproxy', { size: 0 }));
    expect(d).toMatchObject({ kind: 'engine_error', status: 404 });
    expect((d as { reason: string }).reason).toMatch(/index_not_found_exception/);
  });

  it('a slow answer is engine_timeout; an unreachable engine engine_unavailable', async () => {
    await engine.info();
    expect((await failure(engine.request('GET', '/_cluster/health?wait_for_status=red&wait_for_nodes=99&timeout=5s', undefined, 200))).kind).toBe('engine_timeout');
    expect((await failure(new EngineClient('http://127.0.0.1:1', 2000).info())).kind).toBe('engine_unavailable');
  });
});
