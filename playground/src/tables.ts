/** Answers as tables: rows of flat records, nested objects spread into dotted column names. */
export type Cell = string | number | boolean | null;

export interface Table {
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

/** bookkeeping of the dialects' envelopes, not data */
const SKIP = new Set(['apiAlias', 'extensions']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function flatten(v: Record<string, unknown>, prefix: string, out: Map<string, Cell>): void {
  for (const [k, x] of Object.entries(v)) {
    // a nested result repeating its own name (Shopware's `"avg-price": {"name": "avg-price", …}`)
    if (SKIP.has(k) || (k === 'name' && prefix !== '' && prefix.endsWith(`${String(x)}.`))) continue;
    const name = prefix + k;
    if (isRecord(x)) flatten(x, `${name}.`, out);
    else if (Array.isArray(x)) out.set(name, JSON.stringify(x));
    else out.set(name, x === undefined ? null : (x as Cell));
  }
}

/** One table from records; columns in order of first appearance, a missing value null. */
export function fromRecords(name: string, records: readonly unknown[]): Table {
  const flat = records.map((r) => {
    const m = new Map<string, Cell>();
    if (isRecord(r)) flatten(r, '', m);
    else m.set('value', Array.isArray(r) ? JSON.stringify(r) : (r as Cell));
    return m;
  });
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const m of flat) for (const k of m.keys()) if (!seen.has(k)) seen.add(k), columns.push(k);
  return { name, columns, rows: flat.map((m) => columns.map((c) => m.get(c) ?? null)) };
}

export { isRecord };
