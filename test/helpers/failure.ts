/** The ProxyError detail a promise rejects with (the test fails when it resolves or rejects otherwise). */
import { expect } from 'vitest';
import { ProxyError, type ErrorDetail } from '../../src/errors/proxy-error.js';

export async function failure(p: Promise<unknown>): Promise<ErrorDetail> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ProxyError);
  return (e as ProxyError).detail;
}
