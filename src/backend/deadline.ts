/**
 * One deadline per client request: every engine call it makes (probe, composite pages, documents,
 * retries) draws on the same budget, and the engine is told how much is left (`timeout` in the
 * search body). An abort signal (the client went away) cancels whatever is in flight.
 */
export class Deadline {
  private constructor(
    /** epoch ms at which the request's time is up */
    readonly at: number,
    /** the whole budget, for messages */
    readonly budgetMs: number,
    readonly signal: AbortSignal | undefined,
  ) {}

  static in(ms: number, signal?: AbortSignal): Deadline {
    return new Deadline(Date.now() + ms, ms, signal);
  }

  /** ms left, never below 0 */
  remaining(): number {
    return Math.max(0, this.at - Date.now());
  }

  get cancelled(): boolean {
    return this.signal?.aborted === true;
  }
}

/** A deadline from a plain per-call timeout (callers outside a client request: loaders, the bench). */
export function asDeadline(d: Deadline | number): Deadline {
  return typeof d === 'number' ? Deadline.in(d) : d;
}
