/**
 * A hostile case and the generators every dialect shares: wrong types at every key of a valid
 * request, nesting built as text (so 5,000 levels never touch a recursive serializer), and the
 * body-level attacks (encodings, charsets, content types, sizes, prototype keys).
 */
import type { Request } from './proxy-process.js';
import type { Rng } from './prng.js';

export const CATEGORIES = [
  'wrong-type',
  'deep',
  'long-string',
  'index-escape',
  'injection',
  'graphql-abuse',
  'bucket-explosion',
  'regex',
  'big-list',
  'expression-blowup',
  'body',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Case {
  /** `<dialect>/<category>/<name>`: stable for one seed; known-failures.ts names cases by it */
  readonly id: string;
  readonly category: Category;
  readonly request: Request;
  /**
   * Set only where a whole, correct answer is legitimate: checks a 200's body is whole (not truncated,
   * covering everything asked) and returns what is wrong, if anything. Without it a 200 fails the case.
   */
  readonly whole?: (body: unknown) => string | undefined;
  /** why this case costs an engine dearly even when handled right (it reaches the engine): runs only when unsafe cases are on */
  readonly unsafe?: string;
  /**
   * why this case would hurt an engine if it got there (crash, heap, seconds of CPU). Verified on a throw-away
   * engine to be refused by the proxy before any engine call, so it runs by default; it fails if the proxy
   * called the engine for it (its metrics), which shows a regressed refusal at once.
   */
  readonly beforeEngine?: string;
  readonly timeoutMs?: number;
  /** a path outside the dialect's routes: the app's plain 404 (`{"message"}`) is the right answer, not the dialect's shape */
  readonly notRoute?: boolean;
}

export type CaseInput = Omit<Case, 'id' | 'category'> & { readonly name: string };

/** Collects cases of one dialect under `<dialect>/<category>/<name>`, refusing duplicate ids. */
export class Cases {
  readonly all: Case[] = [];
  private readonly seen = new Set<string>();
  constructor(readonly dialect: string) {}

  add(category: Category, c: CaseInput): void {
    const { name, ...rest } = c;
    const id = `${this.dialect}/${category}/${name}`;
    if (this.seen.has(id)) throw new Error(`duplicate hostile case id ${id}`);
    this.seen.add(id);
    this.all.push({ id, category, ...rest });
  }
}

/** `open`×depth + leaf + `close`×depth, as text. */
export const nestText = (depth: number, open: string, leaf: string, close: string): string => open.repeat(depth) + leaf + close.repeat(depth);

const escapePointer = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every JSON Pointer of `value` with the value there (the root excluded). */
export function pointers(value: unknown, at = ''): [string, unknown][] {
  const out: [string, unknown][] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push([`${at}/${i}`, v], ...pointers(v, `${at}/${i}`)));
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) out.push([`${at}/${escapePointer(k)}`, v], ...pointers(v, `${at}/${escapePointer(k)}`));
  return out;
}

/** A copy of `value` with the part at `pointer` replaced. */
export function replaceAt(value: unknown, pointer: string, replacement: unknown): unknown {
  const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  const copy = structuredClone(value) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[keys[keys.length - 1] as string] = replacement;
  return copy;
}

type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null';
const kindOf = (v: unknown): Kind => (v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as Kind));

/**
 * Values of another JSON type than the original's, chosen so no lenient parser could coerce them
 * into a valid one (no numbers for strings, no booleans for numbers, as FastAPI/Jackson/PHP would).
 */
const WRONG: Record<Kind, readonly [string, unknown][]> = {
  string: [['object', { $hostile: [1] }], ['array', [['x']]]],
  number: [['string', 'not-a-number'], ['object', { $hostile: 1 }], ['array', [[1]]]],
  boolean: [['string', 'perhaps'], ['object', { $hostile: true }], ['array', [true]]],
  array: [['object', { $hostile: [] }], ['number', 7], ['string-list', 'x,y']],
  object: [['string', 'x'], ['array', [[{}]]], ['number', -1]],
  null: [['object', { $hostile: null }], ['array', [[null]]]],
};

export interface WrongTypeOptions {
  /** pointers whose key takes several JSON types by design (the substitute could be valid) */
  readonly skip?: (pointer: string, value: unknown) => boolean;
  /** substitutes per key (default 1, drawn by the seed) */
  readonly perKey?: number;
  /** a whole answer is legitimate for these root substitutes (PHP reads a `null` body as an empty criteria) */
  readonly rootWhole?: Partial<Record<'array' | 'string' | 'number' | 'null', (body: unknown) => string | undefined>>;
}

/** One case per key of `base` (and per substitute): the value there replaced by one of another type. */
export function wrongTypes(cases: Cases, rng: Rng, label: string, request: (body: unknown) => Request, base: unknown, o: WrongTypeOptions = {}): void {
  for (const [pointer, v] of pointers(base)) {
    if (o.skip?.(pointer, v)) continue;
    const options = [...WRONG[kindOf(v)]];
    for (let i = 0; i < (o.perKey ?? 1) && options.length; i++) {
      const [kind, wrong] = options.splice(rng.int(0, options.length - 1), 1)[0] as [string, unknown];
      cases.add('wrong-type', { name: `${label}${pointer}#${kind}`, request: request(replaceAt(base, pointer, wrong)) });
    }
  }
  for (const [kind, root] of [['array', [base]], ['string', 'x'], ['number', 1], ['null', null]] as const)
    cases.add('wrong-type', { name: `${label}/#root-${kind}`, request: request(JSON.stringify(root)), ...(o.rootWhole?.[kind] ? { whole: o.rootWhole[kind] } : {}) });
}

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

/**
 * Body-level attacks on one route. `valid` is a small valid body: sent under an odd but JSON-ish content type,
 * a whole 200 is legitimate (`ok` checks it); under an encoding or charset the proxy cannot read, only a 4xx is.
 */
export function bodyCases(cases: Cases, path: string, valid: object, ok: (body: unknown) => string | undefined, o: { maxBodyBytes?: number; whole?: Readonly<Record<string, (body: unknown) => string | undefined>> } = {}): void {
  const text = JSON.stringify(valid);
  const maxBodyBytes = o.maxBodyBytes ?? 1024 * 1024;
  const post = (name: string, body: string | Uint8Array, headers: Record<string, string>, whole = false): void => {
    const check = o.whole?.[name] ?? (whole ? ok : undefined);
    cases.add('body', { name, request: { method: 'POST', path, body, headers }, ...(check ? { whole: check } : {}) });
  };
  for (const enc of ['gzip', 'deflate', 'br', 'x-hostile', 'gzip, x-hostile', 'identity, chunked-ish'])
    post(`content-encoding-${enc.replace(/\W+/g, '-')}`, text, { 'content-type': 'application/json', 'content-encoding': enc });
  for (const cs of ['latin1', 'utf-16', 'utf-32le', 'klingon', '"'])
    post(`charset-${cs.replace(/\W+/g, '-')}`, text, { 'content-type': `application/json; charset=${cs}` });
  // utf-8 with an extra parameter is still utf-8
  post('charset-utf-8-q-1', text, { 'content-type': 'application/json; charset=utf-8; q=1' }, true);
  for (const ct of ['text/plain', 'application/vnd.api+json', 'application/x-www-form-urlencoded', 'application/json-patch+json', 'application/x-ndjson', 'application/json;;;', '*/*'])
    post(`content-type-${ct.replace(/\W+/g, '-')}`, text, { 'content-type': ct }, true);
  post('content-type-multipart', text, { 'content-type': 'multipart/form-data; boundary=x' }, true);
  post('smile-body', bytes([0x3a, 0x29, 0x0a, 0x01], [0xfa, 0x80, 0x61, 0xfb]), { 'content-type': 'application/x-jackson-smile' });
  post('invalid-utf8', bytes('{"a":"', [0xc3, 0x28, 0xff, 0xfe], '"}'), { 'content-type': 'application/json' });
  post('utf16-bom-body', Buffer.from(`\ufeff${text}`, 'utf16le'), { 'content-type': 'application/json' });
  post('nul-bytes', bytes(text.slice(0, 1), [0, 0, 0], text.slice(1)), { 'content-type': 'application/json' });
  post('truncated-json', text.slice(0, Math.floor(text.length / 2)), { 'content-type': 'application/json' });
  post('number-overflow', '1e99999', { 'content-type': 'application/json' });
  post('empty-body', '', { 'content-type': 'application/json' });
  post('over-size', `{"pad":"${'x'.repeat(maxBodyBytes + 10)}"}`, { 'content-type': 'application/json' });
  // a dialect that ignores unknown keys (Druid's Jackson, Relevance's FastAPI) may answer whole; polluting nothing
  post('proto-pollution', text.replace(/^\{/, '{"__proto__":{"polluted":true,"isAdmin":true},"constructor":{"prototype":{"x":1}},'), { 'content-type': 'application/json' }, true);
  post('deep-json-5000', `{"hostile":${nestText(5000, '[', '1', ']')}}`, { 'content-type': 'application/json' });
  post('deep-json-objects-5000', `{"hostile":${nestText(5000, '{"a":', '1', '}')}}`, { 'content-type': 'application/json' });
}
