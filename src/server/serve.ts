/**
 * Listening and graceful shutdown, shared by `npm run serve`, `npm start` and `aggproxy serve`.
 * On SIGTERM or SIGINT the server stops accepting connections, lets the requests in flight finish
 * (idle keep-alive connections are closed at once), then the process exits; connections still busy
 * after `drainMs` are cut so a stuck client cannot hold the shutdown forever.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from './app.js';
import { DIALECTS } from '../../translators/registry.js';
import { answerClientError } from './client-error.js';

export interface ServeOptions {
  readonly port: number;
  readonly host?: string;
  /** the longest wait for requests in flight (default 10 s) */
  readonly drainMs?: number;
  /** whether to exit the process once closed (default true) */
  readonly exit?: boolean;
}

/** Closes `server` gracefully: no new connections, in-flight requests answered, then closed. */
export function drain(server: Server, drainMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), drainMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

export function serve(app: App, o: ServeOptions): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = o.host === undefined ? app.express.listen(o.port) : app.express.listen(o.port, o.host);
    server.once('error', reject);
    // Node's parser refusals (headers over its limit) answered in the dialect's shape
    server.on('clientError', answerClientError(DIALECTS));
    server.once('listening', () => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals): void => {
        if (stopping) return;
        stopping = true;
        app.logger.info({ signal }, 'shutting down: draining requests in flight');
        void drain(server, o.drainMs).then(() => {
          app.logger.info('stopped');
          if (o.exit ?? true) process.exit(0);
        });
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      resolve(server);
    });
  });
}

export const portOf = (server: Server): number => (server.address() as AddressInfo).port;
