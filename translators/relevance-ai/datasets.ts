/**
 * Relevance AI's dataset listing and schema: `GET /datasets/list` (`{datasets, count}`, only the
 * datasets the caller may read) and `GET /datasets/{id}/schema`, the fields in Relevance's type
 * names read from the index mapping: text (text and keyword), numeric, date, bool, and dict for
 * the objects that hold fields. A keyword sub-field of a text field is the engine's, not the
 * document's, so it is not listed; mapping types Relevance has no name for are left out.
 */
import type { DatasetAccess, DialectRequest } from '../../src/dialect/contract.js';
import type { DatasetSchema, FieldCategory } from '../../src/ir/schema.js';

const TYPE: Partial<Record<FieldCategory, string>> = { text: 'text', keyword: 'text', numeric: 'numeric', date: 'date', boolean: 'bool' };

export function listDatasets(_req: DialectRequest, datasets: DatasetAccess): { datasets: string[]; count: number } {
  const names = datasets.list().map((d) => d.name).sort();
  return { datasets: names, count: names.length };
}

export function relevanceSchema(schema: DatasetSchema): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, f] of schema.fields) {
    const parents = path.split('.').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('.'));
    if (parents.some((p) => schema.fields.has(p))) continue; // a multi-field such as title.keyword
    const type = TYPE[f.category];
    if (type === undefined) continue;
    for (const p of parents) out[p] = 'dict';
    out[path] = type;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export async function getSchema(req: DialectRequest, datasets: DatasetAccess): Promise<Record<string, string>> {
  const dataset = datasets.resolve(String(req.params.id));
  return relevanceSchema(await datasets.schema(dataset));
}
