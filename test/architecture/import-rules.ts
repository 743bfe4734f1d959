/**
 * The import rules of the tree (README "Architecture"), as dependency-cruiser rules over paths
 * under `root` (the repository, or a fixture tree that breaks each rule on purpose):
 * - translators depend on the IR, the dialect contract, errors, limits, the catalog, credentials,
 *   OpenAPI builders and small utilities only: never on the compiler, the reader, the executor, the
 *   engine client, the server or the cache;
 * - a dialect folder never imports another dialect's folder;
 * - src/ learns of dialects only through translators/registry.ts;
 * - no import cycles.
 */
import type { IForbiddenRuleType } from 'dependency-cruiser';

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function importRules(root = ''): IForbiddenRuleType[] {
  const at = (p: string): string => `^${esc(root)}${p}`;
  return [
    {
      name: 'translator-uses-core-internals',
      comment: 'translators talk to the core only through the IR and the dialect contract',
      severity: 'error',
      from: { path: at('translators/') },
      // an allowlist: the IR, the contract, errors, limits, the catalog, credentials, OpenAPI builders and small utilities
      to: { path: at('src/'), pathNot: at('src/(ir|dialect|errors|policy|catalog|auth|openapi|util)/') },
    },
    {
      name: 'dialect-uses-other-dialect',
      severity: 'error',
      from: { path: at('translators/([^/]+)/') },
      to: { path: at('translators/[^/]+/'), pathNot: at('translators/$1/') },
    },
    {
      name: 'core-names-a-dialect',
      comment: 'src/ mounts and describes dialects from the registry alone',
      severity: 'error',
      from: { path: at('src/') },
      to: { path: at('translators/'), pathNot: at('translators/registry\\.ts$') },
    },
    { name: 'no-cycles', severity: 'error', from: { path: at('(src|translators)/') }, to: { circular: true } },
  ];
}
