/**
 * Requests Node's HTTP parser refuses before Express sees them. Node's own answer to a request
 * line and headers over its limit is a bare 431 without a body; a client then gets no error in its
 * product's shape. Here the path of the request line picks the dialect whose route it is, and that
 * dialect renders a `limit` error, sent with the 431. Other parse failures get Node's usual answers.
 */
import { maxHeaderSize } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Dialect } from '../dialect/contract.js';
import { withStatus } from './body.js';

type ParseError = Error & { code?: string; rawPacket?: Buffer };

/** The dialect one of whose route paths the request path starts with (the static part before `:`). */
export function dialectOfPath(dialects: readonly Dialect[], path: string): Dialect | undefined {
  let best: { dialect: Dialect; length: number } | undefined;
  for (const dialect of dialects) {
    for (const route of dialect.routes) {
      for (const p of route.paths) {
        const prefix = p.split(':')[0] as string;
        const exact = !p.includes(':');
        const hit = exact ? path === p || path === `${p}/` : path.startsWith(prefix);
        if (hit && (!best || prefix.length > best.length)) best = { dialect, length: prefix.length };
      }
    }
  }
  return best?.dialect;
}

function response(status: number, reason: string, body?: string): string {
  const text = body ?? '';
  const head = [`HTTP/1.1 ${status} ${reason}`, 'connection: close', ...(body ? ['content-type: application/json', `content-length: ${Buffer.byteLength(text)}`] : ['content-length: 0'])];
  return `${head.join('\r\n')}\r\n\r\n${text}`;
}

export function answerClientError(dialects: readonly Dialect[]): (err: ParseError, socket: Duplex) => void {
  return (err, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    if (err.code === 'HPE_HEADER_OVERFLOW') {
      const line = err.rawPacket?.toString('latin1', 0, 4096).split('\r\n')[0] ?? '';
      const path = (line.split(' ')[1] ?? '').split('?')[0] ?? '';
      const dialect = dialectOfPath(dialects, path);
      const message = `request line and headers larger than ${maxHeaderSize} bytes (send long queries in a POST body)`;
      const body = dialect
        ? JSON.stringify(withStatus(dialect.renderError({ kind: 'limit', limit: 'http.maxHeaderSize', max: maxHeaderSize, message, at: {} }), 431).body)
        : JSON.stringify({ message });
      socket.end(response(431, 'Request Header Fields Too Large', body));
      return;
    }
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') socket.end(response(408, 'Request Timeout'));
    else socket.end(response(400, 'Bad Request'));
  };
}
