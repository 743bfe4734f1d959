/**
 * The engine-request gate, one per EngineClient: at most `maxConcurrentEngineRequests` engine calls
 * in flight, shared fairly between client requests. Each client request (its request context, else
 * its Deadline) has its own lane: it holds at most `maxConcurrentEngineRequestsPerRequest` slots,
 * and when a slot frees it goes to the waiting lane holding the fewest slots (ties take turns, round
 * robin), first come first served within a lane.
 * So a request that fans out into 64 searches does not put a simple one behind all 64: the simple
 * one starts at the next free slot. When `maxQueuedEngineRequests` calls already wait for capacity,
 * one more is refused at once: a 503 `overloaded` with Retry-After, so a burst sheds load at the
 * proxy instead of piling up at the engine. A call held back only by its own request's share is
 * that request pacing itself, not load, and is never refused for it.
 *
 * A waiter draws on its request's Deadline: when it passes in the queue the call fails as an
 * engine call past its deadline does (504 engine_timeout), and when the client goes away (the
 * Deadline's signal) it leaves the queue without running. A running call keeps its slot until it
 * has settled (it honours the same Deadline itself), so the in-flight count is what the engine sees.
 *
 * Written here rather than with p-queue: it has priorities but no per-key fairness or shares.
 */
import { ProxyError } from '../errors/proxy-error.js';
import type { Limits } from '../policy/limits.js';
import { currentRequest, gateMeter } from '../observability/context.js';
import type { Deadline } from './deadline.js';
import { asProxyError } from './engine-errors.js';

/** What a refused client should wait before trying again: a slot frees within an engine call's time. */
const RETRY_AFTER_SECONDS = 1;
/** setTimeout's largest delay; a longer one would fire at once */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type GateLimits = Pick<Limits, 'maxConcurrentEngineRequests' | 'maxQueuedEngineRequests'> &
  Partial<Pick<Limits, 'maxConcurrentEngineRequestsPerRequest'>>;

/** A call waiting in its lane: `start` runs it in a slot; `counted` while it is in the queued gauge. */
interface Waiter {
  start(): void;
  counted: boolean;
}

/** One client request's calls: how many hold a slot, and the ones waiting, in arrival order. */
interface Lane {
  running: number;
  readonly waiting: Waiter[];
}

export class EngineGate {
  private running = 0;
  /** lanes with a call running or waiting; Map order is the round-robin order */
  private readonly lanes = new Map<object, Lane>();
  private readonly share: number;

  constructor(private readonly limits: GateLimits) {
    this.share = limits.maxConcurrentEngineRequestsPerRequest ?? Infinity;
  }

  /** calls holding a slot */
  get inFlight(): number {
    return this.running;
  }

  /** calls waiting for one */
  get queued(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.waiting.length;
    return n;
  }

  /** Runs `task` in a slot, after waiting for one within `deadline`; the slot is free again once it settles. */
  run<T>(deadline: Deadline, task: () => Promise<T>): Promise<T> {
    const meter = gateMeter();
    const key: object = currentRequest() ?? deadline;
    const lane = this.lanes.get(key) ?? { running: 0, waiting: [] };
    this.lanes.set(key, lane);
    const ownShareLeft = lane.running + lane.waiting.length < this.share;
    if (this.running >= this.limits.maxConcurrentEngineRequests && ownShareLeft && this.waitingForCapacity() >= this.limits.maxQueuedEngineRequests) {
      this.forget(key, lane);
      meter.refused();
      return Promise.reject(
        new ProxyError({
          kind: 'overloaded',
          retryAfterSeconds: RETRY_AFTER_SECONDS,
          message: `Too many engine requests at once: over limits.maxQueuedEngineRequests (${this.limits.maxQueuedEngineRequests}) waiting; retry after ${RETRY_AFTER_SECONDS} s`,
        }),
      );
    }
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter: Waiter = {
        counted: false,
        start: () => {
          stopWaiting();
          this.running++;
          lane.running++;
          meter.change('in_flight', 1);
          let settled: Promise<T>;
          try {
            settled = task();
          } catch (e) {
            settled = Promise.reject(e);
          }
          // the slot is free before the caller hears, so in-flight counts what the engine still runs
          const release = (): void => {
            this.running--;
            lane.running--;
            meter.change('in_flight', -1);
            this.forget(key, lane);
            this.pump();
          };
          settled.then(
            (value) => {
              release();
              resolve(value);
            },
            (error: unknown) => {
              release();
              reject(error);
            },
          );
        },
      };
      const stopWaiting = (): void => {
        clearTimeout(timer);
        deadline.signal?.removeEventListener('abort', gone);
        if (waiter.counted) meter.change('queued', -1);
        waiter.counted = false;
      };
      const leave = (why: 'TimeoutError' | 'RequestAbortedError'): void => {
        const at = lane.waiting.indexOf(waiter);
        if (at < 0) return;
        lane.waiting.splice(at, 1);
        stopWaiting();
        this.forget(key, lane);
        // the same errors a call past its deadline or cancelled by its client gets (engine-errors.ts)
        reject(asProxyError(Object.assign(new Error('left the engine request queue'), { name: why }), deadline));
      };
      const gone = (): void => leave('RequestAbortedError');
      lane.waiting.push(waiter);
      if (this.startable(lane) && lane.waiting.length === 1 && this.running < this.limits.maxConcurrentEngineRequests) {
        lane.waiting.shift();
        waiter.start();
        return;
      }
      waiter.counted = true;
      meter.change('queued', 1);
      timer = setTimeout(() => leave('TimeoutError'), Math.min(deadline.remaining(), MAX_TIMER_MS));
      if (deadline.cancelled) gone();
      else deadline.signal?.addEventListener('abort', gone, { once: true });
    });
  }

  private startable(lane: Lane): boolean {
    return lane.running < this.share;
  }

  /** calls that would run if there were room: a lane's waiters beyond its share wait on it, not on capacity */
  private waitingForCapacity(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += Math.min(lane.waiting.length, Math.max(0, this.share - lane.running));
    return n;
  }

  /** Starts waiters while slots are free: the lanes take turns, each lane served moves to the back. */
  private pump(): void {
    while (this.running < this.limits.maxConcurrentEngineRequests) {
      // the lane holding the fewest slots goes next, so a newcomer is not behind a fan-out's next call
      let next: [object, Lane] | undefined;
      for (const entry of this.lanes) {
        if (entry[1].waiting.length > 0 && this.startable(entry[1]) && (!next || entry[1].running < next[1].running)) next = entry;
      }
      if (!next) return;
      const [key, lane] = next;
      this.lanes.delete(key);
      this.lanes.set(key, lane);
      lane.waiting.shift()!.start();
    }
  }

  private forget(key: object, lane: Lane): void {
    if (lane.running === 0 && lane.waiting.length === 0) this.lanes.delete(key);
  }
}
