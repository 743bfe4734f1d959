/**
 * Request bodies of the dialect routes: read (decompressed, bounded), checked and parsed as JSON.
 * Every failure is a client error the dialect renders in its own shape: an unsupported
 * content-encoding or charset 415, a body over the size limit 413 (naming the limit), bytes that
 * are not UTF-8, JSON nested deeper than `limits.maxDepth`, or text that is not JSON 400 (the
 * dialect's own 4xx) with the position. Any content type is read as JSON, on purpose: the products'
 * clients send `application/json` with and without parameters, `application/*+json`, `text/plain`
 * or nothing at all, and each product parses them all as JSON.
 */
import { STATUS_CODES } from 'node:http';
import zlib from 'node:zlib';
import express, { type Request, type RequestHandler } from 'express';
import { ProxyError, type ErrorDetail } from '../errors/proxy-error.js';
import type { RenderedError } from '../dialect/contract.js';
import { assertJsonDepth } from '../policy/json-depth.js';
import type { Limits } from '../policy/limits.js';

export type BodyLimits = Pick<Limits, 'maxBodyBytes' | 'maxBodyBytesByDialect' | 'maxDepth'>;

/** A body refused with an HTTP status of its own (413, 415) instead of the dialect's usual 4xx. */
export class BodyRefusal extends ProxyError {
  constructor(
    detail: ErrorDetail,
    readonly httpStatus: 413 | 415,
  ) {
    super(detail);
  }
}

/** The size bound for one dialect and the name a client sees for it. */
export function bodyLimitFor(limits: BodyLimits, dialect: string): { readonly bytes: number; readonly name: string } {
  const own = limits.maxBodyBytesByDialect[dialect];
  return own !== undefined ? { bytes: own, name: `limits.maxBodyBytesByDialect.${dialect}` } : { bytes: limits.maxBodyBytes, name: 'limits.maxBodyBytes' };
}

/** The `charset` parameter of a content type, lower-cased, if it has one. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2] ?? '').toLowerCase() : undefined;
}

const UTF8 = new Set(['utf-8', 'utf8']);
const ENCODINGS = ['identity', 'gzip', 'deflate', 'br', ...('createZstdDecompress' in zlib ? ['zstd'] : [])];

function unsupported(feature: string): BodyRefusal {
  return new BodyRefusal({ kind: 'unsupported', feature, at: { pointer: '' } }, 415);
}

function invalid(message: string): ProxyError {
  return new ProxyError({ kind: 'invalid_request', message, at: { pointer: '' }, rule: 'value_error.jsondecode' });
}

/** body-parser's (raw-body's, zlib's) failures as client errors; anything else stays what it is. */
export function bodyFailure(e: unknown, limit: { bytes: number; name: string }, req: Request): unknown {
  const err = e as { type?: string; status?: number; message?: string; code?: string };
  switch (err.type) {
    case 'entity.too.large':
      return new BodyRefusal(
        { kind: 'limit', limit: limit.name, max: limit.bytes, message: `request body larger than ${limit.bytes} bytes: over ${limit.name} (${limit.bytes})`, at: { pointer: '' } },
        413,
      );
    case 'encoding.unsupported':
      return unsupported(`content-encoding "${req.get('content-encoding') ?? ''}" (supported: ${ENCODINGS.join(', ')})`);
    case 'charset.unsupported':
      return unsupported(`charset "${charsetOf(req.get('content-type')) ?? ''}" (only utf-8)`);
    case 'request.size.invalid':
      return invalid('request body size does not match its content-length');
    case 'request.aborted':
      return invalid('request aborted before its body was complete');
  }
  // a decompression stream's error (zlib's Z_*, brotli's ERR__*): the bytes are not what content-encoding says
  if (err.status === 400 && typeof err.code === 'string' && /^(Z_|ERR_)/.test(err.code)) {
    return invalid(`request body is not valid ${req.get('content-encoding') ?? ''} data: ${err.message ?? ''}`.trim());
  }
  return e;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Line and column (1-based) of a 0-based offset in `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** A body's bytes as text: UTF-8 only (a leading BOM dropped). */
function utf8(bytes: Buffer): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw invalid('request body is not valid UTF-8');
  }
}

/** A body's bytes as a JSON value: UTF-8 (a leading BOM dropped), depth-checked, then parsed. */
export function parseJsonBody(bytes: Buffer, maxDepth: number): unknown {
  // an empty body reads as an empty object, as body-parser's JSON parser has always given the routes
  if (bytes.length === 0) return {};
  const text = utf8(bytes);
  assertJsonDepth(text, maxDepth);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const m = /^(.*?)(?: in JSON)? at position (\d+)/.exec(message);
    const offset = m ? Number(m[2]) : text.length;
    const what = (m ? m[1] : message) ?? message;
    const { line, column } = lineColumn(text, offset);
    throw new ProxyError({
      kind: 'invalid_request',
      message: `body is not valid JSON: ${what} at line ${line} column ${column} (char ${offset})`,
      at: { pointer: '', position: { offset, line, column } },
      rule: 'value_error.jsondecode',
    });
  }
}

/** A text/plain body as its text, a form-encoded one URL-decoded (the whole body is the value); else undefined. */
function textBodyOf(bytes: Buffer, contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'text/plain' && type !== 'application/x-www-form-urlencoded') return undefined;
  const text = utf8(bytes);
  if (type === 'text/plain') return text;
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw invalid('a form-encoded body is not valid URL encoding');
  }
}

/**
 * The JSON body parser of one dialect's routes; `limits` is read per request (the app's
 * configuration), so one parser serves every size bound without being rebuilt.
 */
export function jsonBody(dialect: string, limits: (req: Request) => BodyLimits, textBodies = false): RequestHandler {
  const readers = new Map<number, RequestHandler>();
  const reader = (bytes: number): RequestHandler => {
    let r = readers.get(bytes);
    if (!r) readers.set(bytes, (r = express.raw({ type: () => true, limit: bytes, inflate: true })));
    return r;
  };
  return (req, res, next) => {
    const l = limits(req);
    const limit = bodyLimitFor(l, dialect);
    const charset = charsetOf(req.get('content-type'));
    if (charset !== undefined && !UTF8.has(charset)) {
      next(unsupported(`charset "${charset}" (only utf-8)`));
      return;
    }
    reader(limit.bytes)(req, res, (e?: unknown) => {
      if (e) return next(bodyFailure(e, limit, req));
      if (!Buffer.isBuffer(req.body)) return next();
      const raw = req.body;
      (req as Request & { rawBody?: Buffer }).rawBody = raw;
      try {
        const text = textBodies ? textBodyOf(raw, req.get('content-type')) : undefined;
        req.body = text ?? parseJsonBody(raw, l.maxDepth);
      } catch (err) {
        return next(err);
      }
      next();
    });
  };
}

/**
 * A dialect's rendering sent with another status. JSON:API error objects (Shopware) repeat the
 * status and its title inside the body; they are kept equal to the HTTP status.
 */
export function withStatus(r: RenderedError, status: number): RenderedError {
  const body = r.body as { errors?: unknown } | null;
  if (body && typeof body === 'object' && Array.isArray(body.errors)) {
    const errors = body.errors.map((e: unknown) =>
      e && typeof e === 'object' && typeof (e as { status?: unknown }).status === 'string' ? { ...e, status: String(status), title: STATUS_CODES[status] ?? 'Error' } : e,
    );
    return { status, body: { ...body, errors } };
  }
  return { status, body: r.body };
}
