/**
 * The engine gate without an engine: tasks are promises the test settles by hand, so which ran,
 * in what order and what a refused or expired waiter gets is seen exactly.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineGate } from '../../../src/backend/engine-gate.js';
import { Deadline } from '../../../src/backend/deadline.js';
import { ProxyError, defaultStatus, describe as describeError } from '../../../src/errors/proxy-error.js';
import { runInRequest, type GateState, type RequestContext, type RequestSink } from '../../../src/observability/context.js';
import { failure } from '../../helpers/failure.js';

/** A task that runs only when the gate starts it, and ends when the test says so. */
function task<T = string>(value?: T) {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const done = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const t = {
    started: false,
    run: (): Promise<T> => {
      t.started = true;
      return done;
    },
    finish: () => resolve(value as T),
    fail: (e: unknown) => reject(e),
  };
  return t;
}

const settled = (): Promise<void> => new Promise((r) => setImmediate(r));


const long = (): Deadline => Deadline.in(60_000);

/** One client request (one Deadline, so one lane) fanning out into `n` calls. */
function fanOutOf(gate: EngineGate, n: number) {
  const heavy = long();
  const calls = Array.from({ length: n }, (_, i) => task(`h${i}`));
  return { calls, runs: calls.map((t) => gate.run(heavy, t.run)) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('engine gate', () => {
  it('runs at most maxConcurrentEngineRequests at once; the rest start as slots free', async () => {
    const gate = new EngineGate({ maxConcurrentEngineRequests: 2, maxQueuedEngineRequests: 10 });
    const ts = [task('a'), task('b'), task('c'), task('d')];
    const results = ts.map((t) => gate.run(long(), t.run));
    await settled();
    expect(ts.map((t) => t.started)).toEqual([true, true, false, false]);
    expect([gate.inFlight, gate.queued]).toEqual([2, 2]);
    ts[1]!.finish();
    await settled();
    expect(ts.map((t) => t.started)).toEqual([true, true, true, false]);
    expect([gate.inFlight, gate.queued]).toEqual([2, 1]);
    ts[0]!.finish();
    ts[2]!.finish();
    await settled();
    expect(ts[3]!.started).toBe(true);
    ts[3]!.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect([gate.inFlight, gate.queued]).toEqual([0, 0]);
  });

  it('starts waiters first come, first served', async () => {
    const gate = new EngineGate({ maxConcurrentEngineRequests: 1, maxQueuedEngineRequests: 10 });
    const order: number[] = [];
    const first = task();
    const running = gate.run(long(), first.run);
    const waiters = [1, 2, 3, 4, 5].map((n) =>
      gate.run(long(), async () => {
        order.push(n);
      }),
    );
    await settled();
    expect(order).toEqual([]);
    first.finish();
    await Promise.all([running, ...waiters]);
    expect(order).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses at once with 503 overloaded (Retry-After 1) when maxQueuedEngineRequests already wait', async () => {
    const gate = new EngineGate({ maxConcurrentEngineRequests: 1, maxQueuedEngineRequests: 2 });
    const ts = [task(), task(), task()];
    const accepted = ts.map((t) => gate.run(long(), t.run));
    const extra = task();
    const d = await failure(gate.run(long(), extra.run));
    expect(d).toMatchObject({ kind: 'overloaded', retryAfterSeconds: 1 });
    expect(defaultStatus(d)).toBe(503);
    expect(describeError(d)).toContain('limits.maxQueuedEngineRequests (2)');
    expect(extra.started).toBe(false);
    // the refusal took nothing: the accepted ones all run, and once the queue drains a new call waits again
    expect([gate.inFlight, gate.queued]).toEqual([1, 2]);
    ts[0]!.finish();
    await settled();
    const later = task('later');
    const admitted = gate.run(long(), later.run);
    ts[1]!.finish();
    ts[2]!.finish();
    await Promise.all(accepted);
    await settled();
    expect(later.started).toBe(true);
    later.finish();
    expect(await admitted).toBe('later');
  });

  it('with maxQueuedEngineRequests 0 a free slot still runs; a busy one refuses', async () => {
    const gate = new EngineGate({ maxConcurrentEngineRequests: 1, maxQueuedEngineRequests: 0 });
    const t = task('only');
    const p = gate.run(long(), t.run);
    expect(t.started).toBe(true);
    expect((await failure(gate.run(long(), task().run))).kind).toBe('overloaded');
    t.finish();
    expect(await p).toBe('only');
  });

  it('a waiter whose deadline passes leaves the queue with the engine timeout (504), never running', async () => {
    vi.useFakeTimers();
    const gate = new EngineGate({ maxConcurrentEngineRequests: 1, maxQueuedEngineRequests: 5 });
    const busy = task();
    const running = gate.run(long(), busy.run);
    const late = task();
    const waiting = failure(gate.run(Deadline.in(200), late.run));
    const behind = task('behind');
    const after = gate.run(long(), behind.run);
    await vi.advanceTimersByTimeAsync(250);
    const d = await waiting;
    expect(d).toMatchObject({ kind: 'engine_timeout', message: 'no answer within 200 ms' });
    expect(defaultStatus(d)).toBe(504);
    expect(gate.queued).toBe(1);
    // the queue moves on past it
    busy.finish();
    await running;
    await vi.advanceTimersByTimeAsync(0);
    expect(late.started).toBe(false);
    expect(behind.started).toBe(true);
    behind.finish();
    expect(await after).toBe('behind');
  });

  it('a waiter whose client goes away leaves the queue without running; one gone before it arrives never waits', async () => {
    const gate = new EngineGate({ maxConcurrentEngineRequests: 1, maxQueuedEngineRequests: 5 });
    const busy = task();
    const running = gate.run(long(), busy.run);
    const client = new AbortController();
    const dropped = task();
    const waiting = failure(gate.run(Deadline.in(60_000, client.signal), dropped.run));
    expect(gate.queued).toBe(1);
    client.abort();
    const d = await waiting;
    expect(d).toMatchObject({ kind: 'engine_timeout', message: 'the client went away; the engine request was cancelled' });
    expect(gate.queued).toBe(0);

    const gone = new AbortController();
    gone.abort();
    const never = task();
    expect((await failure(gate.run(Deadline.in(60_000, gone.signal), never.run))).kind).toBe('engine_timeout');
    expect(gate.queued).toBe(0);

    busy.finish();
    await running;
    await settled();
    expect([dropped.started, never.started]).toEqual([false, false]);
    expect(gate.inFlight).toBe(0);
  });

  it('a running call is not cut by its client leaving: it keeps its slot until it settles', async () => {
    const gate = new EngineGate({ maxConcurrentEngineRequests: 1, maxQueuedEngineRequests: 5 });
    const client = new AbortController();
    const t = task('answered');
    const p = gate.run(Deadline.in(60_000, client.signal), t.run);
    client.abort();
    await settled();
    expect(gate.inFlight).toBe(1);
    t.finish();
    expect(await p).toBe('answered');
    expect(gate.inFlight).toBe(0);
  });

  it('releases the slot when a task fails, and passes its error on', async () => {
    const gate = new EngineGate({ maxConcurrentEngineRequests: 1, maxQueuedEngineRequests: 5 });
    const bad = task();
    const failing = gate.run(long(), bad.run);
    const next = task('next');
    const waiting = gate.run(long(), next.run);
    const boom = new ProxyError({ kind: 'engine_error', status: 500, reason: 'boom' });
    bad.fail(boom);
    await expect(failing).rejects.toBe(boom);
    await settled();
    expect(next.started).toBe(true);
    next.finish();
    expect(await waiting).toBe('next');
    // a task that throws before returning a promise frees its slot too
    await expect(
      gate.run(long(), () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    await settled();
    expect([gate.inFlight, gate.queued]).toEqual([0, 0]);
  });

  it("lets a second request's call start before the first request's queued fan-out (lanes take turns)", async () => {
    const gate = new EngineGate({ maxConcurrentEngineRequests: 2, maxQueuedEngineRequests: 100 });
    const { calls: fanOut, runs: heavyRuns } = fanOutOf(gate, 8);
    const simple = task('simple');
    const simpleRun = gate.run(long(), simple.run);
    await settled();
    expect(fanOut.map((t) => t.started)).toEqual([true, true, false, false, false, false, false, false]);
    expect(simple.started).toBe(false);
    // the next free slot goes to the other lane, not to the heavy request's third call
    fanOut[0]!.finish();
    await settled();
    expect(simple.started).toBe(true);
    expect(fanOut[2]!.started).toBe(false);
    simple.finish();
    expect(await simpleRun).toBe('simple');
    await settled();
    expect(fanOut[2]!.started).toBe(true);
    for (const t of fanOut) t.finish();
    expect(await Promise.all(heavyRuns)).toEqual(fanOut.map((_, i) => `h${i}`));
    expect([gate.inFlight, gate.queued]).toEqual([0, 0]);
  });

  it('holds one request to maxConcurrentEngineRequestsPerRequest slots, leaving the rest for others', async () => {
    const gate = new EngineGate({ maxConcurrentEngineRequests: 4, maxQueuedEngineRequests: 100, maxConcurrentEngineRequestsPerRequest: 2 });
    const { calls: fanOut, runs: heavyRuns } = fanOutOf(gate, 5);
    await settled();
    // two of four slots, though the others are free: the engine's own queue stays short for newcomers
    expect(fanOut.map((t) => t.started)).toEqual([true, true, false, false, false]);
    expect([gate.inFlight, gate.queued]).toEqual([2, 3]);
    const simple = task('simple');
    const simpleRun = gate.run(long(), simple.run);
    expect(simple.started).toBe(true);
    simple.finish();
    expect(await simpleRun).toBe('simple');
    // as the heavy request's calls end, its next ones take their place, two at a time
    fanOut[0]!.finish();
    await settled();
    expect(fanOut.map((t) => t.started)).toEqual([true, true, true, false, false]);
    for (const t of fanOut) t.finish();
    await Promise.all(heavyRuns);
    expect([gate.inFlight, gate.queued]).toEqual([0, 0]);
  });

  it('never refuses a call that waits only on its own request\'s share, and counts only waits for capacity', async () => {
    const gate = new EngineGate({ maxConcurrentEngineRequests: 2, maxQueuedEngineRequests: 1, maxConcurrentEngineRequestsPerRequest: 1 });
    // one runs, five wait on the share of one: none of them is load, so none is refused
    const { calls: fanOut, runs: heavyRuns } = fanOutOf(gate, 6);
    const other = task('other');
    const otherRun = gate.run(long(), other.run);
    expect(other.started).toBe(true);
    // both slots busy, nobody waits for capacity yet: one more request may wait, the next is refused
    const third = task('third');
    const thirdRun = gate.run(long(), third.run);
    expect((await failure(gate.run(long(), task().run))).kind).toBe('overloaded');
    other.finish();
    expect(await otherRun).toBe('other');
    await settled();
    expect(third.started).toBe(true);
    third.finish();
    expect(await thirdRun).toBe('third');
    for (const t of fanOut) t.finish();
    expect(await Promise.all(heavyRuns)).toHaveLength(6);
    expect([gate.inFlight, gate.queued]).toEqual([0, 0]);
  });

  it('keys lanes by the request context when there is one, so calls under different Deadlines share a lane', async () => {
    const gate = new EngineGate({ maxConcurrentEngineRequests: 4, maxQueuedEngineRequests: 10, maxConcurrentEngineRequestsPerRequest: 1 });
    const sink: RequestSink = { engineError: () => undefined, compositePage: () => undefined, engineGate: () => undefined, engineRefused: () => undefined };
    const ctx = { id: 'r2', dialect: 'shopware', datasets: new Set<string>(), engineMs: 0, engineCalls: 0, sink } as RequestContext;
    const [a, b] = [task('a'), task('b')];
    const runs = runInRequest(ctx, () => [gate.run(long(), a.run), gate.run(long(), b.run)]);
    await settled();
    expect([a.started, b.started]).toEqual([true, false]);
    a.finish();
    await settled();
    expect(b.started).toBe(true);
    b.finish();
    expect(await Promise.all(runs)).toEqual(['a', 'b']);
  });

  it("reports each request's slot and queue changes and refusals to its sink, balanced", async () => {
    const gate = new EngineGate({ maxConcurrentEngineRequests: 1, maxQueuedEngineRequests: 1 });
    const level: Record<GateState, number> = { in_flight: 0, queued: 0 };
    const peak: Record<GateState, number> = { in_flight: 0, queued: 0 };
    const refused: string[] = [];
    const sink: RequestSink = {
      engineError: () => undefined,
      compositePage: () => undefined,
      engineGate: (state, by) => {
        level[state] += by;
        peak[state] = Math.max(peak[state], level[state]);
      },
      engineRefused: (dialect) => {
        refused.push(dialect);
      },
    };
    // only what the gate reads: a request's other counters do not matter here
    const ctx = { id: 'r1', dialect: 'druid', datasets: new Set<string>(), engineMs: 0, engineCalls: 0, sink } as RequestContext;
    const [a, b, c] = [task(), task(), task()];
    const runs = runInRequest(ctx, () => [a, b, c].map((t) => gate.run(long(), t.run).catch((e: ProxyError) => e.detail.kind)));
    a.finish();
    await settled();
    b.finish();
    expect(await Promise.all(runs)).toEqual([undefined, undefined, 'overloaded']);
    expect(peak).toEqual({ in_flight: 1, queued: 1 });
    expect(level).toEqual({ in_flight: 0, queued: 0 });
    expect(refused).toEqual(['druid']);
  });
});
