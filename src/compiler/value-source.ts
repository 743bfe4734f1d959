/**
 * Where a numeric aggregation or key reads its values: a mapped field, or a request-scoped virtual
 * field compiled to a per-document script. Metrics and keys ask here instead of resolving fields
 * themselves, so a virtual field works wherever a numeric field does.
 */
import type { ValueExpr } from '../ir/nodes.js';
import type { DatasetSchema } from '../ir/schema.js';
import { ProxyError } from '../errors/proxy-error.js';
import { resolveIndexField, type FieldUse } from '../ir/field-resolver.js';
import { rangeScript, scriptFieldNames, valueScript, type Script } from './value-script.js';
import type { Capabilities } from '../backend/capabilities.js';

export interface FieldScope {
  readonly schema: DatasetSchema;
  readonly caps: Capabilities;
  readonly virtual?: Readonly<Record<string, ValueExpr>>;
}

export type ValueSource = { readonly field: string } | { readonly script: Script };

function virtualOf(scope: FieldScope, name: string): ValueExpr | undefined {
  return scope.virtual && Object.hasOwn(scope.virtual, name) ? scope.virtual[name] : undefined;
}

export function isVirtual(scope: FieldScope, name: string): boolean {
  return virtualOf(scope, name) !== undefined;
}

/** A feature that truly needs a per-document script: a clear 4xx naming the capability, never a wrong number. */
export function requireScripts(caps: Capabilities, what: string, origin: string | undefined): void {
  if (!caps.scripts) {
    throw new ProxyError({
      kind: 'unsupported',
      capability: 'scripts',
      feature: `${what} needs the engine capability 'scripts' (Painless), which this engine does not offer`,
      at: { pointer: origin },
    });
  }
}

function scriptFields(scope: FieldScope, expr: ValueExpr, name: string, origin: string | undefined): string[] {
  requireScripts(scope.caps, `virtual field '${name}'`, origin);
  return scriptFieldNames(expr).map((f) => resolveIndexField(scope.schema, f, 'numeric', origin).target);
}

/** The source of a numeric field (or any field for `use` other than numeric). */
export function valueSource(scope: FieldScope, name: string, use: FieldUse, origin: string | undefined): ValueSource {
  const expr = virtualOf(scope, name);
  if (!expr) return { field: resolveIndexField(scope.schema, name, use, origin).target };
  return { script: valueScript(expr, scriptFields(scope, expr, name, origin)) };
}

/** A query selecting documents whose value lies in a range. */
export function rangeQuery(
  scope: FieldScope,
  name: string,
  range: { from?: number; to?: number; fromExclusive?: boolean; toInclusive?: boolean },
  origin: string | undefined,
): Record<string, unknown> {
  const expr = virtualOf(scope, name);
  if (expr) return { script: { script: rangeScript(expr, scriptFields(scope, expr, name, origin), range) } };
  const bounds: Record<string, number> = {};
  if (range.from !== undefined) bounds[range.fromExclusive ? 'gt' : 'gte'] = range.from;
  if (range.to !== undefined) bounds[range.toInclusive ? 'lte' : 'lt'] = range.to;
  return { range: { [resolveIndexField(scope.schema, name, 'numeric', origin).target]: bounds } };
}
