/**
 * Preloaded into the proxy child by `npm run bench:responsiveness` (`node --import tsx --import
 * bench/loop-delay.ts src/main.ts`): the proxy process's own event-loop delay, so the benchmark can
 * tell time the proxy spends blocked in synchronous work from time the engine spends answering.
 * Nothing in src/ knows about it. Over the IPC channel: 'reset' clears the histogram, 'report'
 * answers with its figures in milliseconds.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

// 5 ms resolution: the sampling timer's own jitter stays well under the blocks that matter here
const h = monitorEventLoopDelay({ resolution: 5 });
h.enable();

const ms = (ns: number): number => Math.round(ns / 1e4) / 100;

process.on('message', (m: unknown) => {
  if (m === 'reset') {
    h.reset();
    process.send?.({ reset: true });
  } else if (m === 'report') {
    const figures: LoopDelay = { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean) };
    process.send?.({ report: figures });
  }
});
