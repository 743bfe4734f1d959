/** The explain document as a reader wants it on a terminal: each engine request, then the notes. */
interface Query {
  readonly index?: string;
  readonly requests?: readonly { method: string; path: string; body: unknown; pagedBy?: string }[];
  readonly notes?: readonly string[];
}
interface Explain {
  readonly engine?: { flavour: string; version: string; scripts: boolean };
  readonly probe?: readonly Query[];
  readonly queries?: readonly Query[];
  readonly pending?: string;
  readonly documents?: { index: string; request: unknown };
}

/** Nue answers `{explain: [{field, explain}]}` (one per aggregate field); the others `{explain}`. */
function explains(body: unknown): { label: string; explain: Explain }[] {
  const e = (body as { explain?: unknown }).explain;
  if (Array.isArray(e)) return e.map((x: { field?: string; explain?: Explain }) => ({ label: `field ${x.field ?? '?'}`, explain: x.explain ?? {} }));
  return [{ label: '', explain: (e ?? {}) as Explain }];
}

export function printExplain(body: unknown): string {
  const out: string[] = [];
  for (const { label, explain } of explains(body)) {
    if (label) out.push(`## ${label}`);
    if (explain.engine) out.push(`# for ${explain.engine.flavour} ${explain.engine.version}${explain.engine.scripts ? '' : ' (no scripts)'}`);
    const section = (title: string, qs: readonly Query[] | undefined): void => {
      (qs ?? []).forEach((q, i) => {
        out.push(`# ${title} ${i + 1}`);
        for (const r of q.requests ?? []) {
          out.push(`${r.method} ${r.path}${r.pagedBy && r.pagedBy !== 'none' ? `    # paged by ${r.pagedBy}` : ''}`);
          out.push(JSON.stringify(r.body, null, 2));
        }
        for (const n of q.notes ?? []) out.push(`# note: ${n}`);
      });
    };
    section('probe', explain.probe);
    section('query', explain.queries);
    if (explain.pending) out.push(`# ${explain.pending}`);
    if (explain.documents) {
      out.push(`# documents`, `POST /${explain.documents.index}/_search`, JSON.stringify(explain.documents.request, null, 2));
    }
  }
  return out.join('\n') + '\n';
}
