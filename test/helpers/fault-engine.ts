/**
 * A fault-injecting stand-in for the faults a real engine cannot be made to produce on demand:
 * an HTTP server that forwards every request to the run's real engine and, for the requests a
 * fault matches (searches by default), hangs, answers a status, sends malformed JSON, cuts the
 * socket mid-body, strips `aggregations`, reports shard failures, delays, or resets the
 * connection before answering. Everything else passes through unchanged (the engine's own
 * headers too, so either official client accepts the answers).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { readonly kind: 'hang' }
  | { readonly kind: 'status'; readonly status: number; readonly body: unknown; readonly headers?: Record<string, string> }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'cut' }
  | { readonly kind: 'no-aggregations' }
  | { readonly kind: 'shard-failure' }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'reset' };

export interface Seen {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  /** the caller closed the connection before an answer was sent */
  closedEarly: boolean;
}

export interface FaultEngine {
  readonly url: string;
  /** faults for matching requests: `times` requests get it (default: all), then they pass through */
  inject(fault: Fault, o?: { times?: number; match?: (method: string, path: string) => boolean }): void;
  clear(): void;
  /** requests that matched a fault rule's filter (searches by default), since the last clear */
  readonly seen: Seen[];
  close(): Promise<void>;
}

const isSearch = (_m: string, path: string): boolean => /\/_search(\?|$)/.test(path);

export async function startFaultEngine(upstream: string): Promise<FaultEngine> {
  let rule: { fault: Fault; left: number; match: (m: string, p: string) => boolean } | undefined;
  const seen: Seen[] = [];
  const hung = new Set<ServerResponse>();

  const forward = (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const u = new URL(req.url ?? '/', upstream);
      const headers: http.OutgoingHttpHeaders = { ...req.headers, host: u.host };
      delete headers['accept-encoding']; // plain bodies, so faults can rewrite them
      const out = http.request(u, { method: req.method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });

  const send = (res: ServerResponse, status: number, headers: http.IncomingHttpHeaders, body: string | Buffer): void => {
    const h = { ...headers };
    delete h['content-length'];
    delete h['transfer-encoding'];
    delete h['content-encoding'];
    res.writeHead(status, { ...h, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const method = req.method ?? 'GET';
        const path = req.url ?? '/';
        const active = rule && rule.left > 0 && rule.match(method, path) ? rule : undefined;
        if (rule?.match(method, path)) {
          const entry: Seen = { method, path, body: body.length > 0 ? safeJson(body.toString('utf8')) : undefined, closedEarly: false };
          seen.push(entry);
          res.on('close', () => {
            if (!res.writableFinished) entry.closedEarly = true;
          });
        }
        if (active) active.left--;
        try {
          const fault = active?.fault;
          if (fault?.kind === 'hang') {
            hung.add(res);
            return;
          }
          if (fault?.kind === 'reset') {
            req.socket.destroy();
            return;
          }
          if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
          const up = await forward(req, body);
          if (!fault || fault.kind === 'delay') return send(res, up.status, up.headers, up.body);
          switch (fault.kind) {
            case 'status':
              return send(res, fault.status, { ...up.headers, 'content-type': 'application/json', ...fault.headers }, JSON.stringify(fault.body));
            case 'malformed':
              return send(res, 200, up.headers, up.body.subarray(0, Math.floor(up.body.length / 2)).toString('utf8') + '}{');
            case 'cut': {
              res.writeHead(200, { ...up.headers, 'content-length': up.body.length, 'transfer-encoding': undefined } as http.OutgoingHttpHeaders);
              res.write(up.body.subarray(0, Math.floor(up.body.length / 2)), () => res.destroy());
              return;
            }
            case 'no-aggregations': {
              const json = JSON.parse(up.body.toString('utf8')) as Record<string, unknown>;
              delete json.aggregations;
              return send(res, 200, up.headers, JSON.stringify(json));
            }
            case 'shard-failure': {
              const json = JSON.parse(up.body.toString('utf8')) as { _shards: Record<string, unknown>; [k: string]: unknown };
              const index = /^\/([^/]+)\//.exec(path)?.[1] ?? '?';
              json._shards = {
                total: 2,
                successful: 1,
                skipped: 0,
                failed: 1,
                failures: [{ shard: 1, index: decodeURIComponent(index), node: 'n1', reason: { type: 'illegal_argument_exception', reason: 'Text fields are not optimised' } }],
              };
              return send(res, 200, up.headers, JSON.stringify(json));
            }
          }
        } catch (e) {
          send(res, 502, { 'content-type': 'text/plain' }, `stand-in could not reach the engine: ${(e as Error).message}`);
        }
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    inject(fault, o = {}) {
      seen.length = 0;
      rule = { fault, left: o.times ?? Infinity, match: o.match ?? isSearch };
    },
    clear() {
      for (const res of hung) res.destroy();
      hung.clear();
      rule = undefined;
      seen.length = 0;
    },
    async close() {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
