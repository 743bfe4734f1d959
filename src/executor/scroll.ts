/**
 * Every match of one search body, page after page, through an engine scroll: one consistent view
 * however many pages, no result window (exports). The caller pulls pages at its own pace; each page
 * has its own deadline (an export of a million records outlives any one request timeout), the
 * client's abort signal stops it, and the scroll is freed however the iteration ends (done, an
 * error, or the consumer breaking off).
 */
import type { EngineClient, SearchResponse } from '../backend/engine-client.js';
import { Deadline } from '../backend/deadline.js';

export interface ScrollOptions {
  /** how long the engine keeps the view between two pages */
  readonly keepAliveMs: number;
  /** each page's time */
  readonly pageTimeoutMs: number;
  readonly signal?: AbortSignal;
}

export async function* scroll(engine: EngineClient, index: string, body: Record<string, unknown>, o: ScrollOptions): AsyncGenerator<SearchResponse> {
  const keepAlive = `${Math.max(1, Math.ceil(o.keepAliveMs / 1000))}s`;
  const deadline = (): Deadline => Deadline.in(o.pageTimeoutMs, o.signal);
  let page = await engine.scrollStart(index, body, keepAlive, deadline());
  try {
    // the first page comes even when empty (it carries the total); an empty page after it is the end
    yield page.response;
    while (hitCount(page.response) > 0) {
      page = await engine.scrollNext(page.scrollId, keepAlive, deadline());
      if (hitCount(page.response) === 0) return;
      yield page.response;
    }
  } finally {
    await engine.scrollClear(page.scrollId);
  }
}

const hitCount = (res: SearchResponse): number => ((res.hits as { hits?: readonly unknown[] }).hits ?? []).length;
