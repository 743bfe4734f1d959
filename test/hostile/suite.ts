/**
 * Runs one dialect's hostile cases against a proxy in a child process on the run's engine. Per case: never
 * a 5xx; a 4xx in the dialect's error shape with nothing of the insides in it (or, for the few cases marked
 * `whole`, a 200 that is complete); the proxy still alive and answering. After each category (a batch): the
 * proxy answers /healthz and a simple valid request, and the engine's cluster health is not red.
 * HOSTILE_REPORT=<file> appends one JSON line per case (id, engine, outcome, reason) for triage.
 */
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConfigFile } from '../../src/catalog/config.js';
import type { FixtureIndex } from '../helpers/harness.js';
import { CATEGORIES, type Case } from './cases.js';
import { knownFailure, unsafeOn } from './known-failures.js';
import { rng, SEED, type Rng } from './prng.js';
import { ProxyProcess, type Request, type Sent } from './proxy-process.js';
import { echoes, isNueRefusal, leakIn, SHAPES, type Dialect } from './shapes.js';

export interface DialectSuite {
  readonly dialect: Dialect;
  /** the describe block's name, when one dialect has two suites */
  readonly label?: string;
  readonly fixtures: readonly FixtureIndex[];
  readonly overrides?: Partial<ConfigFile>;
  /** a small valid request and what its 200 must contain: the proxy still works after a batch */
  readonly simple: Request;
  readonly simpleOk: (body: unknown) => string | undefined;
  readonly cases: (r: Rng) => Case[];
}

/** Druid's error body names a Java class by design (its own shape); only these, as errors.ts renders them. */
const DRUID_CLASSES = /^(?:com\.fasterxml\.jackson\.databind\.(?:JsonMappingException|exc\.InvalidTypeIdException)|java\.lang\.(?:IllegalArgumentException|UnsupportedOperationException)|org\.apache\.druid\.(?:query\.QueryUnsupportedException|query\.QueryCapacityExceededException|server\.security\.AuthenticationException))$/;

/** every refused deep case is refused before the engine: engines overflow their stack from about 600 levels (issue 23 point 1) */
const DEEP = 'nesting beyond limits.maxDepth: an engine dies of StackOverflowError from about 600 levels';

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const excerpt = (s: string): string => (s.length > 600 ? `${s.slice(0, 600)}… (${s.length} chars)` : s);

/** What is wrong with the answer to `c`, or undefined. */
function judge(dialect: Dialect, c: Case, sent: Sent, hidden: readonly string[]): string | undefined {
  const body = parse(sent.text);
  const at = `HTTP ${sent.status}: ${excerpt(sent.text)}`;
  if (sent.status >= 500) return `a 5xx — ${at}`;
  if (c.notRoute && sent.status === 404) {
    const b = body as { message?: unknown } | undefined;
    if (typeof b?.message !== 'string') return `a 404 outside the routes without {"message"} — ${at}`;
    const leak = leakIn(sent.text, echoes(c.request.path), hidden);
    return leak ? `the 404 shows ${leak}` : undefined;
  }
  const refusal = (sent.status >= 400 && sent.status < 500) || (dialect === 'nue-graphql' && isNueRefusal(sent.status, body));
  if (!refusal) {
    if (sent.status !== 200) return `neither a 4xx nor a 200 — ${at}`;
    if (!c.whole) return `a 200 to a request that must be refused — ${at}`;
    const partial = c.whole(body);
    return partial ? `a 200 that is not whole (${partial}) — ${excerpt(sent.text)}` : undefined;
  }
  if (body === undefined) return `the refusal is not JSON — ${at}`;
  const shape = SHAPES[dialect](sent.status, body);
  if (shape) return `not in the ${dialect} error shape (${shape}) — ${at}`;
  let checked = sent.text;
  if (dialect === 'druid') {
    const b = body as { errorClass: string };
    if (!DRUID_CLASSES.test(b.errorClass)) return `Druid errorClass ${b.errorClass} is not one the proxy renders — ${at}`;
    checked = JSON.stringify({ ...b, errorClass: undefined });
  }
  const leak = leakIn(checked, echoes(c.request.body === undefined ? c.request.path : [c.request.path, typeof c.request.body === 'string' ? (parse(c.request.body) ?? c.request.body) : c.request.body]), hidden);
  return leak ? `the refusal shows ${leak}` : undefined;
}

function record(line: object): void {
  const file = process.env.HOSTILE_REPORT;
  if (file) appendFileSync(file, `${JSON.stringify(line)}\n`);
}

export function hostileSuite(s: DialectSuite): void {
  const flavour = inject('engineFlavour');
  const cases = s.cases(rng(SEED, s.dialect));
  let proxy: ProxyProcess;

  async function runCase(c: Case): Promise<void> {
    const started = Date.now();
    let problem: string | undefined;
    let status: number | undefined;
    try {
      const guard = c.beforeEngine ?? (c.category === 'deep' && !c.whole ? DEEP : undefined);
      const calls = guard ? await proxy.engineCalls(s.dialect) : 0;
      const sent = await proxy.send(c.request, c.timeoutMs ?? 20_000);
      status = sent.status;
      problem = judge(s.dialect, c, sent, proxy.indices);
      if (!problem && guard && (await proxy.engineCalls(s.dialect)) !== calls) problem = `the proxy asked the engine, which this case could hurt (${guard}); it must be refused before — HTTP ${sent.status}`;
    } catch (e) {
      problem = proxy.alive ? `no answer (${(e as Error).message})` : `the proxy process died (${proxy.exitReason})`;
    }
    if (!problem && !(await proxy.healthy(5000))) problem = proxy.alive ? 'the proxy stopped answering /healthz after the case' : `the proxy process died after answering (${proxy.exitReason})`;
    if (problem && !(proxy.alive && (await proxy.healthy(2000)))) {
      const log = proxy.log;
      await proxy.recover();
      problem += `\n--- proxy log tail ---\n${log.slice(-1500)}`;
    }
    record({ id: c.id, engine: flavour, seed: SEED, ok: !problem, status, ms: Date.now() - started, problem: problem?.slice(0, 400) });
    if (problem) throw new Error(problem);
  }

  describe(`hostile input: ${s.label ?? s.dialect} (seed ${SEED})`, () => {
    beforeAll(async () => {
      proxy = await ProxyProcess.start(s.fixtures, s.overrides);
    }, 120_000);
    afterAll(async () => proxy?.stop());

    for (const category of CATEGORIES) {
      const batch = cases.filter((c) => c.category === category);
      if (batch.length === 0) continue;
      describe(category, () => {
        for (const c of batch) {
          const test = c.unsafe && !unsafeOn() ? it.skip : knownFailure(c.id, flavour) ? it.fails : it;
          test(c.id, () => runCase(c), (c.timeoutMs ?? 20_000) + 40_000);
        }
        it(`after the ${category} batch: the proxy answers /healthz and a valid request, the engine is not red`, async () => {
          await proxy.recover(); // a case that killed the child failed already; this batch checks what is left standing
          expect(await proxy.healthy(), 'GET /healthz').toBe(true);
          const res = await proxy.send(s.simple, 10_000);
          expect(res.status, res.text.slice(0, 500)).toBe(200);
          expect(s.simpleOk(parse(res.text))).toBeUndefined();
          const health = await proxy.engineHealth();
          expect(['green', 'yellow'], `engine _cluster/health: ${health}`).toContain(health);
        }, 60_000);
      });
    }
  });
}
