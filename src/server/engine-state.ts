/** What the proxy learns about its engine at start-up: identity (part of every cache key) and capabilities. */
import type { EngineClient } from '../backend/engine-client.js';
import { compareVersions, MINIMUM_VERSION, missingOn, presentUnless, type Capabilities, type Capability, type EngineInfo } from '../backend/capabilities.js';
import { ProxyError } from '../errors/proxy-error.js';

export interface EngineState {
  readonly info: EngineInfo;
  readonly caps: Capabilities;
  /** why each missing capability is missing, for /readyz and explain */
  readonly missing: Readonly<Partial<Record<Capability, string>>>;
}

type NodesInfo = {
  nodes?: Record<string, { modules?: { name: string }[]; plugins?: { name: string }[]; settings?: { script?: { allowed_types?: string | string[] } } }>;
};

/**
 * @param disable capabilities the operator turned off (config `engine.disable`), reported as such
 */
/** Capabilities that compile to inline Painless. */
const SCRIPTED: readonly Capability[] = ['scripts', 'bucketScript', 'bucketSelector', 'runtimeFields'];

function forbidsInline(allowed: string | string[] | undefined): boolean {
  if (allowed === undefined) return false;
  const list = Array.isArray(allowed) ? allowed : allowed.split(',').map((t) => t.trim());
  return !list.includes('inline');
}

export async function detectEngine(engine: EngineClient, disable: readonly Capability[] = []): Promise<EngineState> {
  const info = await engine.info();
  if (compareVersions(info.version, MINIMUM_VERSION[info.flavour]) < 0) {
    throw new ProxyError({ kind: 'engine_unavailable', message: `${info.flavour} ${info.version} is older than ${MINIMUM_VERSION[info.flavour]}, the oldest version aggproxy supports` });
  }
  const nodes = await engine.request<NodesInfo>(
    'GET',
    '/_nodes/plugins,settings?filter_path=nodes.*.modules.name,nodes.*.plugins.name,nodes.*.settings.script.allowed_types',
  );
  // a feature counts only when every node has its module: a search may land on any of them
  const perNode = Object.values(nodes.nodes ?? {}).map((n) => new Set([...(n.modules ?? []), ...(n.plugins ?? [])].map((m) => m.name)));
  const onEvery = new Set(perNode.length === 0 ? [] : [...perNode[0]!].filter((m) => perNode.every((s) => s.has(m))));
  const missing = missingOn(info, onEvery);
  // a cluster may load Painless and still forbid inline scripts (script.allowed_types: stored or none)
  if (Object.values(nodes.nodes ?? {}).some((n) => forbidsInline(n.settings?.script?.allowed_types))) {
    for (const c of SCRIPTED) missing[c] ??= 'inline scripts are not allowed (script.allowed_types)';
  }
  // turning scripts off turns off everything that compiles to a script
  for (const c of disable.flatMap((d) => (d === 'scripts' ? SCRIPTED : [d]))) missing[c] ??= 'disabled in the configuration (engine.disable)';
  // a capability is there exactly when nothing above says why it is missing
  return { info, caps: presentUnless(missing), missing };
}
