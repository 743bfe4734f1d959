/**
 * The explain view: what the proxy would send for the same request (`x-aggproxy-explain: true`):
 * the engine, then per query its notes on exactness, the IR, the engine requests and the read plan.
 */
import { isRecord } from './tables.js';

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
};

const block = (title: string, value: unknown, open = false): HTMLDetailsElement => {
  const d = el('details');
  d.open = open;
  d.append(el('summary', title), el('pre', JSON.stringify(value, null, 2)));
  return d;
};

interface Explained {
  readonly ir?: unknown;
  readonly irHash?: string;
  readonly index?: string;
  readonly requests?: readonly { method?: string; path?: string; pagedBy?: string; body?: unknown }[];
  readonly plan?: unknown;
  readonly notes?: readonly string[];
}

function query(q: Explained, title: string): HTMLElement {
  const box = el('section', undefined, 'explain-query');
  box.append(el('h4', `${title}${q.index ? ` on ${q.index}` : ''}`));
  const notes = el('ul', undefined, 'notes');
  for (const n of q.notes ?? []) notes.append(el('li', n));
  if ((q.notes ?? []).length === 0) notes.append(el('li', 'exact: no approximation in this query'));
  box.append(notes);
  for (const [i, r] of (q.requests ?? []).entries()) {
    box.append(block(`engine request ${i + 1}: ${r.method ?? 'POST'} ${r.path ?? ''} (paged by ${r.pagedBy ?? 'none'})`, r.body, i === 0));
  }
  box.append(block(`IR${q.irHash ? ` (hash ${q.irHash.slice(0, 12)}…)` : ''}`, q.ir), block('read plan', q.plan));
  return box;
}

/** One explain document (`{explain: {engine, probe?, queries, documents?}}`), or Nue's list of them per field. */
function documentView(doc: Record<string, unknown>, heading?: string): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (heading) out.push(el('h3', heading));
  if (isRecord(doc.engine)) {
    const e = doc.engine;
    out.push(el('p', `engine: ${String(e.flavour)} ${String(e.version)}, scripts ${e.scripts ? 'available' : 'not available'}`, 'engine'));
  }
  const list = (v: unknown): Explained[] => (Array.isArray(v) ? (v as Explained[]) : []);
  for (const [i, q] of list(doc.probe).entries()) out.push(query(q, `probe ${i + 1} (ran first, shapes the queries)`));
  for (const [i, q] of list(doc.queries).entries()) out.push(query(q, `query ${i + 1}`));
  if (isRecord(doc.documents)) out.push(block('documents request', doc.documents));
  return out;
}

export function renderExplain(target: HTMLElement, status: number, body: unknown): void {
  target.replaceChildren();
  const explain = isRecord(body) ? body.explain : undefined;
  if (Array.isArray(explain)) {
    for (const item of explain) if (isRecord(item)) target.append(...documentView(isRecord(item.explain) ? item.explain : item, `field ${String(item.field)}`));
  } else if (isRecord(explain)) {
    target.append(...documentView(explain));
  } else {
    target.append(el('p', status === 200 ? 'This request has no explain document (it is answered without aggregations).' : `No explain: the request was refused (HTTP ${status}).`, 'muted'));
  }
}
