/**
 * The contract every dialect front-end fulfils. A dialect parses and validates its own request,
 * lowers it to IR queries, formats result tables into its own answer, and renders errors in its
 * own style. The shared pipeline (src/server/pipeline.ts) does the rest.
 */
import type { AggQuery } from '../src/ir/nodes.js';
import type { DocumentPage, DocumentsQuery } from '../src/ir/documents.js';
import type { ResultTable } from '../src/reader/table.js';
import type { ErrorDetail } from '../src/errors/proxy-error.js';
import type { Catalog, Dataset } from '../src/catalog/catalog.js';
import type { AppConfig } from '../src/catalog/config.js';
import type { Credential } from '../src/auth/access.js';

export interface LowerContext {
  readonly catalog: Catalog;
  readonly config: AppConfig;
}

/** One dialect request, lowered: the IR queries to run and how to shape their answers. */
export interface Lowered<Out> {
  readonly dataset: Dataset;
  readonly queries: readonly AggQuery[];
  /** the matching documents themselves, for dialects that return them next to aggregations */
  readonly documents?: DocumentsQuery;
  readonly format: (tables: readonly ResultTable[], documents?: DocumentPage) => Out;
}

/**
 * A request whose queries depend on a first answer (Opendatasoft's range() groups need the data's
 * minimum, maximum or percentiles): the pipeline runs `probe`, then the queries `then` returns.
 */
export interface Staged<Out> {
  readonly dataset: Dataset;
  readonly probe: readonly AggQuery[];
  /** the real queries, over the same dataset */
  readonly then: (tables: readonly ResultTable[]) => Lowered<Out>;
}

export interface RenderedError {
  readonly status: number;
  readonly body: unknown;
}

/** The parts of an HTTP request a dialect's credential convention may read. */
export interface CredentialSource {
  header(name: string): string | undefined;
  query(name: string): string | undefined;
}

export interface Dialect {
  readonly id: string;
  /** renders any pipeline error in the dialect's error style */
  renderError(detail: ErrorDetail): RenderedError;
  /** where this product's clients put their credential (a header, a query parameter, a bearer token) */
  credentials(req: CredentialSource): Credential;
}
