/**
 * The playground page: choose a dialect, a dataset and an example, edit, run against the dialect's
 * own route, and read the answer as a table and a chart next to the explain view.
 */
import './style.css';
import { DIALECTS, dialectOf, type Dialect } from './dialects.js';
import { examplesOf, type Example } from './examples.js';
import { chartSpec } from './chart-spec.js';
import { clearChart, drawChart } from './chart.js';
import { renderExplain } from './explain.js';
import type { Table } from './tables.js';

interface Meta {
  readonly auth: boolean;
  readonly datasets: readonly { readonly name: string }[];
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const ui = {
  controls: $<HTMLFormElement>('controls'),
  dialect: $<HTMLSelectElement>('dialect'),
  dataset: $<HTMLSelectElement>('dataset'),
  datasetName: $<HTMLInputElement>('dataset-name'),
  example: $<HTMLSelectElement>('example'),
  path: $<HTMLInputElement>('path'),
  authName: $<HTMLInputElement>('auth-name'),
  authValue: $<HTMLInputElement>('auth-value'),
  editor: $<HTMLTextAreaElement>('editor'),
  status: $<HTMLParagraphElement>('status'),
  error: $<HTMLDivElement>('error'),
  answer: $<HTMLDivElement>('answer'),
  tabs: $<HTMLElement>('tabs'),
  chartMetric: $<HTMLSelectElement>('chart-metric'),
  chart: $<HTMLDivElement>('chart'),
  table: $<HTMLDivElement>('table'),
  raw: $<HTMLDetailsElement>('raw'),
  explain: $<HTMLDivElement>('explain'),
};

let meta: Meta = { auth: false, datasets: [] };
let dataset = '';
let examples: Example[] = [];

const knownDatasets = (): string[] => meta.datasets.map((d) => d.name);
const currentDialect = (): Dialect => dialectOf(ui.dialect.value);
const option = (value: string, text: string): HTMLOptionElement => Object.assign(document.createElement('option'), { value, textContent: text });

function setDataset(name: string): void {
  dataset = name;
  ui.dataset.value = name;
  ui.datasetName.value = name;
}

/** Another dataset: the path (and Druid's dataSource, Nue's field names) follow. */
function changeDataset(to: string): void {
  if (!to || to === dataset) return setDataset(to);
  const next = currentDialect().retarget(ui.path.value, ui.editor.value, dataset, to);
  ui.path.value = next.path;
  ui.editor.value = next.body;
  setDataset(to);
}

function loadExample(e: Example | undefined): void {
  if (!e) return;
  ui.path.value = e.path;
  ui.editor.value = e.body;
  dataset = e.dataset;
  const known = knownDatasets();
  // an example on a dataset this configuration does not expose is aimed at the one chosen
  if (known.length > 0 && !known.includes(e.dataset)) changeDataset(ui.dataset.value || known[0]!);
  else setDataset(e.dataset);
}

function selectDialect(d: Dialect): void {
  ui.dialect.value = d.id;
  ui.authName.value = d.auth.header;
  ui.authValue.placeholder = d.auth.placeholder;
  examples = examplesOf(d.id);
  ui.example.replaceChildren(...examples.map((e, i) => option(String(i), e.needs ? `${e.title} (needs scripts)` : e.title)));
  loadExample(examples[0]);
}

function renderTable(t: Table): void {
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const c of t.columns) head.append(Object.assign(document.createElement('th'), { textContent: c }));
  const body = table.createTBody();
  for (const r of t.rows.slice(0, 1000)) {
    const tr = body.insertRow();
    for (const v of r) {
      const td = tr.insertCell();
      td.textContent = v === null ? 'null' : String(v);
      if (typeof v === 'number') td.className = 'num';
      if (v === null) td.className = 'null';
    }
  }
  const note = t.rows.length > 1000 ? [Object.assign(document.createElement('p'), { className: 'muted', textContent: `first 1000 of ${t.rows.length} rows` })] : [];
  ui.table.replaceChildren(table, ...note);
}

let shown: { tables: readonly Table[]; i: number } = { tables: [], i: 0 };

/** Table `i` of the answer, charted with every metric or only `metric`. */
function showTable(tables: readonly Table[], i: number, metric = ''): void {
  shown = { tables, i };
  const t = tables[i];
  ui.tabs.replaceChildren(...(tables.length > 1 ? tables.map((x, j) => {
    const b = Object.assign(document.createElement('button'), { type: 'button', textContent: `${x.name} (${x.rows.length})`, className: j === i ? 'active' : '' });
    b.addEventListener('click', () => showTable(tables, j));
    return b;
  }) : []));
  const canvas = ui.chart.querySelector('canvas')!;
  const message = ui.chart.querySelector('p')!;
  const spec = t && chartSpec(t, metric);
  ui.chartMetric.replaceChildren(option('', 'all metrics'), ...(spec?.metrics ?? []).map((m) => option(m, m)));
  ui.chartMetric.value = metric;
  clearChart();
  canvas.hidden = !spec;
  message.hidden = !!spec;
  ui.chart.dataset.type = spec ? spec.type : 'none';
  ui.chart.dataset.series = spec ? spec.series.map((x) => x.name).join('|') : '';
  if (spec) drawChart(canvas, spec);
  else message.textContent = t ? 'Nothing to chart: this table has no numeric column.' : 'The answer holds no rows.';
  if (t) renderTable(t);
  else ui.table.replaceChildren();
}

/** GraphQL reports errors with HTTP 200: they are errors all the same */
const failed = (status: number, body: unknown): boolean =>
  status !== 200 || (typeof body === 'object' && body !== null && Array.isArray((body as { errors?: unknown }).errors));

async function send(explain: boolean): Promise<{ status: number; body: unknown; text: string; cache: string | null; ms: number }> {
  const d = currentDialect();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (ui.authName.value.trim() && ui.authValue.value) headers[ui.authName.value.trim()] = ui.authValue.value;
  if (explain) headers['x-aggproxy-explain'] = 'true';
  const started = performance.now();
  const res = await fetch(ui.path.value, { method: 'POST', headers, body: d.editor === 'graphql' ? JSON.stringify({ query: ui.editor.value }) : ui.editor.value });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: shown as text
  }
  return { status: res.status, body, text, cache: res.headers.get('x-aggproxy-cache'), ms: Math.round(performance.now() - started) };
}

async function run(): Promise<void> {
  document.body.dataset.state = 'running';
  ui.status.textContent = 'Running…';
  ui.status.className = 'status muted';
  try {
    const [answer, explained] = await Promise.all([send(false), send(true)]);
    const bad = failed(answer.status, answer.body);
    ui.status.textContent = `HTTP ${answer.status} · ${answer.ms} ms · cache ${answer.cache ?? 'n/a'} · ${ui.path.value}`;
    ui.status.className = `status ${bad ? 'bad' : 'ok'}`;
    ui.raw.querySelector('pre')!.textContent = typeof answer.body === 'string' ? answer.text : JSON.stringify(answer.body, null, 2);
    ui.error.hidden = !bad;
    ui.answer.hidden = bad;
    if (bad) ui.error.querySelector('pre')!.textContent = typeof answer.body === 'string' ? answer.text : JSON.stringify(answer.body, null, 2);
    else showTable(currentDialect().tables(answer.body), 0);
    renderExplain(ui.explain, explained.status, explained.body);
    document.body.dataset.state = bad ? 'error' : 'done';
  } catch (e) {
    ui.status.textContent = `Request failed: ${(e as Error).message}`;
    ui.status.className = 'status bad';
    document.body.dataset.state = 'error';
  }
}

async function init(): Promise<void> {
  try {
    meta = (await (await fetch('/playground/meta.json')).json()) as Meta;
  } catch {
    // without it, the dataset is typed
  }
  const known = knownDatasets();
  ui.dataset.hidden = known.length === 0;
  ui.datasetName.hidden = known.length > 0;
  ui.dataset.replaceChildren(...known.map((n) => option(n, n)));
  ui.dialect.replaceChildren(...DIALECTS.map((d) => option(d.id, d.label)));
  ui.dialect.addEventListener('change', () => selectDialect(currentDialect()));
  ui.example.addEventListener('change', () => loadExample(examples[Number(ui.example.value)]));
  ui.dataset.addEventListener('change', () => changeDataset(ui.dataset.value));
  ui.chartMetric.addEventListener('change', () => showTable(shown.tables, shown.i, ui.chartMetric.value));
  ui.datasetName.addEventListener('change', () => changeDataset(ui.datasetName.value.trim()));
  ui.controls.addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
  ui.editor.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void run();
    }
  });
  selectDialect(DIALECTS[0]!);
  document.body.dataset.state = 'ready';
}

void init();
