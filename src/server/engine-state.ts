/** What the proxy learns about its engine at start-up: identity (part of every cache key) and capabilities. */
import type { EngineClient, EngineInfo } from '../backend/engine-client.js';
import type { Capabilities } from '../compiler/compile.js';

export interface EngineState {
  readonly info: EngineInfo;
  readonly caps: Capabilities;
}

export async function detectEngine(engine: EngineClient): Promise<EngineState> {
  const info = await engine.info();
  const nodes = await engine.request<{ nodes?: Record<string, { modules?: { name: string }[]; plugins?: { name: string }[] }> }>(
    'GET',
    '/_nodes/plugins?filter_path=nodes.*.modules.name,nodes.*.plugins.name',
  );
  const names = Object.values(nodes.nodes ?? {}).flatMap((n) => [...(n.modules ?? []), ...(n.plugins ?? [])].map((m) => m.name));
  // Why: the integ-test zips ship no script engine; bucket_script needs lang-painless on every node.
  const nodeCount = Object.keys(nodes.nodes ?? {}).length;
  const scripts = nodeCount > 0 && names.filter((n) => n === 'lang-painless').length === nodeCount;
  return { info, caps: { scripts, cumulativeSum: true } };
}
