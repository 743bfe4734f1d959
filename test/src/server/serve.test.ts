/** Graceful shutdown: no new connections, the request in flight is answered, then the server is closed. */
import { describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { drain } from '../../../src/server/serve.js';

describe('drain', () => {
  it('lets the request in flight finish and refuses new connections', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let arrived: () => void = () => undefined;
    const inFlight = new Promise<void>((r) => (arrived = r));
    const server: Server = createServer((_req, res) => {
      arrived();
      void gate.then(() => res.end('done'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const slow = fetch(url).then(async (r) => ({ status: r.status, text: await r.text() }));
    await inFlight;
    let closed = false;
    const drained = drain(server, 30_000).then(() => (closed = true));
    // no longer accepting: a new connection is refused while the first request is still open
    await expect(fetch(url, { headers: { connection: 'close' } })).rejects.toThrow();
    expect(closed).toBe(false);
    release();
    expect(await slow).toEqual({ status: 200, text: 'done' });
    await drained;
    expect(closed).toBe(true);
  });

  it('cuts connections still busy after the drain time', async () => {
    const server: Server = createServer(() => undefined); // never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const stuck = fetch(url).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    await drain(server, 200);
    expect(await stuck).toBeInstanceOf(Error);
  });
});
