/**
 * What an engine can do, decided once at start-up from its flavour, its version and the modules
 * every node has loaded. The table says which version introduced a feature and which modules it
 * lives in; a cluster without a module (the Elasticsearch integ-test zip has no Painless and no
 * `aggregations` module; many production clusters forbid scripts) simply lacks the feature.
 *
 * The compiler consults `scripts`, `bucketScript` and `cumulativeSum`; the reader takes over what
 * the engine cannot do (post-aggregations, having, running totals), and features that truly need a
 * script answer a 4xx naming the capability. The other entries are reported by `/ready` and explain,
 * so an operator sees what the cluster offers.
 */
export type Flavour = 'opensearch' | 'elasticsearch';

export interface EngineInfo {
  readonly flavour: Flavour;
  readonly version: string;
}

export const CAPABILITIES = [
  'scripts',
  'bucketScript',
  'bucketSelector',
  'cumulativeSum',
  'runtimeFields',
  'compositeMissingBucket',
  'multiTerms',
  'topHits',
] as const;

export type Capability = (typeof CAPABILITIES)[number];

export type Capabilities = Readonly<Record<Capability, boolean>>;

/** How a feature becomes available on one flavour: from a version, with every listed module loaded. */
interface Rule {
  readonly since: string;
  readonly modules?: readonly string[];
}

/** null: the flavour has no such feature at any version. */
const TABLE: Readonly<Record<Capability, Readonly<Record<Flavour, Rule | null>>>> = {
  // Painless in aggregations: value scripts, terms scripts, scripted sums
  scripts: { opensearch: { since: '1.0.0', modules: ['lang-painless'] }, elasticsearch: { since: '7.0.0', modules: ['lang-painless'] } },
  bucketScript: { opensearch: { since: '1.0.0', modules: ['lang-painless'] }, elasticsearch: { since: '7.0.0', modules: ['lang-painless'] } },
  // Elasticsearch 8 moved bucket_selector (with bucket_sort, derivative, moving_fn) to the aggregations module
  bucketSelector: {
    opensearch: { since: '1.0.0', modules: ['lang-painless'] },
    elasticsearch: { since: '8.0.0', modules: ['lang-painless', 'aggregations'] },
  },
  cumulativeSum: { opensearch: { since: '1.0.0' }, elasticsearch: { since: '7.0.0' } },
  // OpenSearch has no runtime_mappings (its derived fields differ); Elasticsearch's need Painless
  runtimeFields: { opensearch: null, elasticsearch: { since: '7.11.0', modules: ['lang-painless'] } },
  compositeMissingBucket: { opensearch: { since: '1.0.0' }, elasticsearch: { since: '7.0.0' } },
  // core in OpenSearch 2.1+, x-pack analytics in Elasticsearch
  multiTerms: { opensearch: { since: '2.1.0' }, elasticsearch: { since: '7.12.0', modules: ['x-pack-analytics'] } },
  topHits: { opensearch: { since: '1.0.0' }, elasticsearch: { since: '7.0.0' } },
};

/** The oldest versions aggproxy is built for; older ones are refused at start-up. */
// Elasticsearch 8: the v8 client sends compatible-with=8 media types, which 7.x refuses (9.x accepts them)
export const MINIMUM_VERSION: Readonly<Record<Flavour, string>> = { opensearch: '1.0.0', elasticsearch: '8.0.0' };

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** Why a capability is missing on this engine, or undefined when it is present. */
export function missingBecause(cap: Capability, info: EngineInfo, modules: ReadonlySet<string>): string | undefined {
  const rule = TABLE[cap][info.flavour];
  if (!rule) return `${info.flavour} has no such feature`;
  if (compareVersions(info.version, rule.since) < 0) return `needs ${info.flavour} ${rule.since} or later`;
  const absent = (rule.modules ?? []).filter((m) => !modules.has(m));
  if (absent.length > 0) return `needs the ${absent.join(' and ')} module${absent.length > 1 ? 's' : ''} on every node`;
  return undefined;
}

/** Why each capability is missing on an engine (absent: present); `modules` are those loaded on every node. */
export function missingOn(info: EngineInfo, modules: ReadonlySet<string>): Partial<Record<Capability, string>> {
  const missing: Partial<Record<Capability, string>> = {};
  for (const c of CAPABILITIES) {
    const why = missingBecause(c, info, modules);
    if (why) missing[c] = why;
  }
  return missing;
}

/** A capability is there exactly when nothing says why it is missing. */
export function presentUnless(missing: Partial<Record<Capability, string>>): Capabilities {
  return Object.fromEntries(CAPABILITIES.map((c) => [c, !missing[c]])) as Record<Capability, boolean>;
}

/** Every capability on: the compiler's view of a fully equipped engine (golden tests, explain without an engine). */
export const ALL_CAPABILITIES: Capabilities = Object.fromEntries(CAPABILITIES.map((c) => [c, true])) as Record<Capability, boolean>;

/** Every capability off except those given: a script-free engine for tests of the fallbacks. */
export function only(...caps: Capability[]): Capabilities {
  return Object.fromEntries(CAPABILITIES.map((c) => [c, caps.includes(c)])) as Record<Capability, boolean>;
}
