/**
 * `GET /readyz`: the engine's health and what the proxy detected, answered within a second even
 * when the engine hangs (a load balancer's probe must not hang with it). Engine internals go to the
 * log; the answer names the request id.
 */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { EngineClient } from '../backend/engine-client.js';
import { Deadline } from '../backend/deadline.js';
import { ProxyError, describe } from '../errors/proxy-error.js';
import { logProblem } from './http.js';
import type { EngineState } from './engine-state.js';

export const READINESS_TIMEOUT_MS = 1000;

function within<T>(p: Promise<T>, deadline: Deadline): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProxyError({ kind: 'engine_timeout', message: `no answer within ${deadline.budgetMs} ms` })), deadline.remaining());
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export function readiness(engine: EngineClient, engineState: () => Promise<EngineState>, logger: Logger): RequestHandler {
  return (_req, res) => {
    const deadline = Deadline.in(READINESS_TIMEOUT_MS);
    within(
      engine.request<{ status?: string }>('GET', '/_cluster/health', undefined, deadline).then(async (h) => ({ h, s: await engineState() })),
      deadline,
    )
      .then(({ h, s }) => {
        const red = h.status === 'red';
        res.status(red ? 503 : 200).json({ status: red ? 'unavailable' : 'ready', engine: { ...s.info, health: h.status, capabilities: s.caps, missing: s.missing } });
      })
      .catch((e: unknown) => {
        res.status(503).json({ status: 'unavailable', reason: describe(logProblem(logger, e).detail) });
      });
  };
}
