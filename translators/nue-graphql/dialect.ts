/**
 * Nue's GraphQL surface: `POST /graphql` (and `GET` with `query`/`variables`; also under
 * `/api/graphql` and `/api/async/graphql`). graphql-js executes the document (handler.ts), so the
 * route is the contract's explicit own-executor hook; its resolvers run through the pipeline.
 */
import type { Dialect } from '../../src/dialect/contract.js';
import { nueCredentials } from './auth.js';
import { renderNueError } from './errors.js';
import { nueHandler } from './handler.js';
import { nuePaths } from './openapi.js';

export const nueDialect: Dialect = {
  id: 'nue-graphql',
  renderError: renderNueError,
  credentials: nueCredentials,
  // the answer's media type follows Accept (application/graphql-response+json), so memoized answers vary on it
  vary: ['accept'],
  routes: [{ kind: 'own', methods: ['post', 'get'], paths: ['/graphql', '/api/graphql', '/api/async/graphql'], handler: nueHandler }],
  // under Shopware's /api/: no other dialect's catch-all answers these
  claims: ['/api/graphql', '/api/async/graphql'],
  openapi: nuePaths,
};
