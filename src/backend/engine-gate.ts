/**
 * The engine-request gate, one per EngineClient: at most `maxConcurrentEngineRequests` engine calls
 * in flight, further calls wait first come first served (p-queue), and when
 * `maxQueuedEngineRequests` already wait, one more is refused at once: a 503 `overloaded` with
 * Retry-After, so a burst sheds load at the proxy instead of piling up at the engine.
 *
 * A waiter draws on its request's Deadline: when it passes in the queue the call fails as an
 * engine call past its deadline does (504 engine_timeout), and when the client goes away (the
 * Deadline's signal) it leaves the queue without running. A running call keeps its slot until it
 * has settled (it honours the same Deadline itself), so the in-flight count is what the engine sees.
 */
import PQueue from 'p-queue';
import { ProxyError } from '../errors/proxy-error.js';
import type { Limits } from '../policy/limits.js';
import { gateMeter } from '../observability/context.js';
import type { Deadline } from './deadline.js';
import { asProxyError } from './engine-errors.js';

/** What a refused client should wait before trying again: a slot frees within an engine call's time. */
const RETRY_AFTER_SECONDS = 1;
/** setTimeout's largest delay; a longer one would fire at once */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type GateLimits = Pick<Limits, 'maxConcurrentEngineRequests' | 'maxQueuedEngineRequests'>;

export class EngineGate {
  private readonly queue: PQueue;

  constructor(private readonly limits: GateLimits) {
    this.queue = new PQueue({ concurrency: limits.maxConcurrentEngineRequests });
  }

  /** calls holding a slot */
  get inFlight(): number {
    return this.queue.pending;
  }

  /** calls waiting for one */
  get queued(): number {
    return this.queue.size;
  }

  /** Runs `task` in a slot, after waiting for one within `deadline`; the slot is free again once it settles. */
  async run<T>(deadline: Deadline, task: () => Promise<T>): Promise<T> {
    const meter = gateMeter();
    const busy = this.queue.pending >= this.limits.maxConcurrentEngineRequests;
    if (busy && this.queue.size >= this.limits.maxQueuedEngineRequests) {
      meter.refused();
      throw new ProxyError({
        kind: 'overloaded',
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        message: `Too many engine requests at once: over limits.maxQueuedEngineRequests (${this.limits.maxQueuedEngineRequests}) waiting; retry after ${RETRY_AFTER_SECONDS} s`,
      });
    }
    // the queue's own signal is aborted only while waiting: a started call ends with the engine's answer
    const leave = new AbortController();
    let waiting = true;
    const stopWaiting = (): void => {
      if (!waiting) return;
      waiting = false;
      clearTimeout(timer);
      deadline.signal?.removeEventListener('abort', gone);
      if (busy) meter.change('queued', -1);
    };
    const give = (why: 'TimeoutError' | 'RequestAbortedError'): void => {
      // the same errors a call past its deadline or cancelled by its client gets (engine-errors.ts)
      const e = asProxyError(Object.assign(new Error('left the engine request queue'), { name: why }), deadline);
      stopWaiting();
      leave.abort(e);
    };
    const gone = (): void => give('RequestAbortedError');
    const timer = busy ? setTimeout(() => give('TimeoutError'), Math.min(deadline.remaining(), MAX_TIMER_MS)) : undefined;
    if (busy) {
      meter.change('queued', 1);
      if (deadline.cancelled) gone();
      else deadline.signal?.addEventListener('abort', gone, { once: true });
    }
    return this.queue.add(
      async () => {
        stopWaiting();
        meter.change('in_flight', 1);
        try {
          return await task();
        } finally {
          meter.change('in_flight', -1);
        }
      },
      { signal: leave.signal },
    );
  }
}
