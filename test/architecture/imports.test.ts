/**
 * The import graph obeys the tree's rules (import-rules.ts): checked over the whole source with
 * dependency-cruiser, and shown to fail on a fixture tree that breaks each rule once.
 */
import { describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { importRules } from './import-rules.js';

async function violations(paths: string[], root: string): Promise<string[]> {
  const out = await cruise(
    paths,
    { ruleSet: { forbidden: importRules(root) }, validate: true, tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' } },
    { extensionAlias: { '.js': ['.ts', '.js'] } },
    { tsConfig: { fileName: 'tsconfig.json' } },
  );
  const result = out.output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (${v.cycle.map((c) => c.name).join(' → ')})` : ''}`);
}

describe('import graph', () => {
  it('src/ and translators/ break no rule', async () => {
    expect(await violations(['src', 'translators'], '')).toEqual([]);
  }, 120_000);

  it('catches each rule broken on purpose', async () => {
    const root = 'test/architecture/fixture/';
    const found = await violations([root], root);
    expect(found.map((v) => v.split(':')[0]).sort()).toEqual([
      'core-names-a-dialect',
      'dialect-uses-other-dialect',
      'no-cycles',
      'translator-uses-core-internals',
      'translator-uses-core-internals',
    ]);
  }, 60_000);
});
