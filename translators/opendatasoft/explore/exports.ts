/**
 * GET .../datasets/{id}/exports/{json|jsonl|csv}: the records (or groups) of a records request,
 * written as they come. Records are read through the pipeline's documents query one page at a time
 * and each page written before the next is asked for, so memory holds one page whatever the size;
 * groups come from one GROUP BY over every group (bounded by the policy's maxBuckets).
 *
 * `limit` defaults to -1 (everything). Records come from the pipeline's scan (an engine scroll: no
 * result window, one consistent view), so an export of any size streams with flat memory; one over
 * limits.maxScanDocuments is refused before anything is written, never cut. Groups stream a
 * composite page at a time when they come in key order (no order_by on an aggregate, no limit);
 * otherwise they are one GROUP BY, bounded by maxBuckets.
 */
import type { Request, Response } from 'express';
import type { OwnRoute } from '../../../src/dialect/contract.js';
import type { DocumentsQuery } from '../../../src/ir/documents.js';
import type { Collector } from '../../../src/errors/collector.js';
import { fail } from '../errors.js';
import { readParams, RECORDS_PARAMS } from './params.js';
import { answerRows, planRecords, type RecordsPlan } from './records.js';
import type { Row } from './format.js';

const FORMATS = new Set(['json', 'jsonl', 'csv']);
const CSV_PARAMS = ['delimiter', 'list_separator', 'with_bom'];
const PAGE = 1000;

interface Csv {
  readonly delimiter: string;
  readonly listSeparator: string;
  readonly bom: boolean;
}

/** The csv options, each checked on its own: a bad one is recorded in `c` and read as its default. */
function csvOptions(query: Readonly<Record<string, unknown>>, format: string, c: Collector): Csv {
  const str = (name: string, fallback: string): string =>
    c.attempt(() => {
      const v = query[name];
      if (v === undefined) return fallback;
      if (format !== 'csv') fail('InvalidRESTParameterError', `Unknown parameter: ${name} (only for csv exports)`, `/${name}`);
      if (typeof v !== 'string' || v.length !== 1 || v === '"' || v === '\n' || v === '\r') fail('InvalidRESTParameterError', `Invalid value for ${name} API parameter: one character other than a quote or a line break`, `/${name}`);
      return v;
    }) ?? fallback;
  const bom = query.with_bom;
  c.attempt(() => {
    if (bom !== undefined && format !== 'csv') fail('InvalidRESTParameterError', 'Unknown parameter: with_bom (only for csv exports)', '/with_bom');
    if (bom !== undefined && bom !== 'true' && bom !== 'false') fail('InvalidRESTParameterError', 'Invalid value for with_bom API parameter: true or false', '/with_bom');
  });
  return { delimiter: str('delimiter', ';'), listSeparator: str('list_separator', ','), bom: bom !== 'false' };
}

function csvCell(v: unknown, o: Csv): string {
  if (v === null || v === undefined) return '';
  let s: string;
  if (Array.isArray(v)) s = v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(o.listSeparator);
  else if (typeof v === 'object') {
    const p = v as { lat?: unknown; lon?: unknown };
    s = 'lat' in p && 'lon' in p ? `${String(p.lat)}, ${String(p.lon)}` : JSON.stringify(v);
  } else s = String(v);
  return /["\r\n]/.test(s) || s.includes(o.delimiter) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes, waiting for the socket to drain when its buffer is full (memory stays flat). */
async function write(res: Response, text: string): Promise<void> {
  if (!res.write(text)) await new Promise<void>((resolve) => res.once('drain', resolve));
}

function columnsOf(plan: RecordsPlan): string[] {
  return plan.columns.map((c) => c.name);
}

export const exportsRoute: OwnRoute = {
  kind: 'own',
  methods: ['get'],
  paths: ['/api/explore/v2.1/catalog/datasets/:dataset/exports/:format'],
  handler: (deps) => async (req: Request, res: Response) => {
    const { runOptions, tenantOf } = deps.http;
    const format = String(req.params.format);
    if (!FORMATS.has(format)) fail('InvalidRESTParameterError', `Invalid value for format: ${format} (json, jsonl or csv)`, '/format');
    const query = req.query as Record<string, unknown>;
    const rest = Object.fromEntries(Object.entries(query).filter(([k]) => !CSV_PARAMS.includes(k)));
    const all = rest.limit === undefined || rest.limit === '-1';
    let csv: Csv = { delimiter: ';', listSeparator: ',', bom: true };
    // the csv options' problems are reported with the others (planRecords throws them all)
    const params = readParams({ ...rest, limit: all ? String(PAGE) : rest.limit }, RECORDS_PARAMS, { defaultLimit: PAGE, maxLimit: Number.MAX_SAFE_INTEGER, window: Number.MAX_SAFE_INTEGER }, (c) => {
      csv = csvOptions(query, format, c);
    });
    const options = runOptions(req);
    const dataset = deps.catalog.resolve(String(req.params.dataset), tenantOf(req));
    const schema = await deps.schemas.get(dataset);
    const http = { method: req.method, params: req.params as Record<string, string>, query, body: undefined, header: (n: string) => req.get(n), url: req.originalUrl };
    const plan = planRecords(params, { dataset, schema, config: deps.config, http });
    const pages = async function* (): AsyncGenerator<Row[]> {
      if (plan.kind === 'groups') {
        const level = plan.query.levels[0];
        const query = { ...plan.query, levels: level ? [{ ...level, limit: all ? null : params.limit }] : [] };
        // every group: a page of groups at a time when their order allows it (pipeline.scanGroups)
        for await (const table of deps.pipeline.scanGroups({ dataset, query }, options)) yield answerRows(plan, schema, [table], undefined).rows;
        return;
      }
      // every record past any window: one engine scan, each page written before the next is read
      const documents: DocumentsQuery = { ...plan.query, offset: params.offset, limit: all ? Number.MAX_SAFE_INTEGER : params.limit };
      for await (const page of deps.pipeline.scan({ dataset, documents, pageSize: PAGE }, options)) {
        yield answerRows(plan, schema, [], page).rows;
      }
    };
    const type = format === 'csv' ? 'text/csv; charset=utf-8' : format === 'jsonl' ? 'application/jsonl' : 'application/json';
    let started = false;
    let first = true;
    const columns = columnsOf(plan);
    try {
    for await (const rows of pages()) {
      if (!started) {
        // nothing is written before the first page is read: an error so far is an ordinary error answer
        started = true;
        res.status(200).type(type).setHeader('content-disposition', `attachment; filename="${dataset.name}.${format}"`);
        if (format === 'csv') await write(res, `${csv.bom ? '\uFEFF' : ''}${columns.map((c) => csvCell(c, csv)).join(csv.delimiter)}\r\n`);
        if (format === 'json') await write(res, '[');
      }
      const text = rows
        .map((row) => {
          if (format === 'csv') return `${columns.map((c) => csvCell(row[c], csv)).join(csv.delimiter)}\r\n`;
          if (format === 'jsonl') return `${JSON.stringify(row)}\n`;
          const s = `${first ? '' : ','}${JSON.stringify(row)}`;
          first = false;
          return s;
        })
        .join('');
      if (text) await write(res, text);
    }
    } catch (e) {
      // once the answer has begun, a failure can only cut it: the client sees a broken transfer, not a complete file
      if (started) {
        res.destroy(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      throw e;
    }
    if (format === 'json') await write(res, started ? ']' : '[]');
    res.end();
  },
};
