/**
 * The engine- and proxy-protection policy: every bound a single request is held to, with its
 * default. A request over a bound is refused before anything runs, with a `limit` error naming
 * the bound (`limits.<name>`) in the dialect's error shape. The README's "Limits" table lists each.
 */

export interface Limits {
  /** most buckets one request may collect across all composite pages (also: series length, groups × ranges) */
  readonly maxBuckets: number;
  readonly compositePageSize: number;
  /** most composite pages one request may fetch (maxBuckets / compositePageSize covers every legal request) */
  readonly maxCompositePages: number;
  /** request body size, bytes, per dialect unless `maxBodyBytesByDialect` names it */
  readonly maxBodyBytes: number;
  readonly maxBodyBytesByDialect: Readonly<Record<string, number>>;
  /** nesting of any request structure: JSON bodies, filters, expressions, GraphQL selections and literals */
  readonly maxDepth: number;
  /** longest user string that becomes a pattern, term, prefix, wildcard or regex */
  readonly maxPatternLength: number;
  /** longest user string matched as a wildcard (contains, prefix, suffix, LIKE): Lucene refuses to determinize ~440+ characters after a leading `*` */
  readonly maxWildcardPatternLength: number;
  /** most values in one `in` / `equalsAny` / ids list */
  readonly maxTerms: number;
  /** most boolean clauses in one engine query (the engine's own default maxClauseCount is 1024) */
  readonly maxClauses: number;
  /** most nodes of one expression after sharing (post-aggregators, virtual fields, formulas) */
  readonly maxExpressionNodes: number;
  /** most named metrics or group keys in one request */
  readonly maxAggregations: number;
  /** most sort keys in one request's sort list (each an engine sort clause) */
  readonly maxSortKeys: number;
  /** most engine searches one request may cause (probes, composite pages excluded) */
  readonly maxEngineSearches: number;
  /** largest Painless script source the proxy may send (generated scripts only; a guard, not a feature) */
  readonly maxScriptBytes: number;
  /** regex automata the engine may build: Lucene's `max_determinized_states` */
  readonly maxDeterminizedStates: number;
  /** engine requests in flight at once, and how many more may wait for a slot */
  readonly maxConcurrentEngineRequests: number;
  readonly maxQueuedEngineRequests: number;
  /** slots one client request may hold at once, so the lanes of other requests stay open (engine-gate.ts) */
  readonly maxConcurrentEngineRequestsPerRequest: number;
  /** most documents one scan (an export) may read, skipped ones included; and scans open at once */
  readonly maxScanDocuments: number;
  readonly maxConcurrentScans: number;
  /** per tenant: sustained requests per second and the burst above it; 0 = no rate limit */
  readonly ratePerSecond: number;
  readonly rateBurst: number;
  /** GraphQL documents (Nue) */
  readonly graphql: {
    readonly maxDepth: number;
    readonly maxAliases: number;
    readonly maxTokens: number;
    /** fields selected after fragment expansion */
    readonly maxFields: number;
  };
}

/**
 * Fixed-key (range, filter) bucket combinations one engine search asks at once (a `filters`
 * aggregation, src/compiler/fixed-scans.ts). Not configurable: it keeps one search's buckets well
 * under the engine's own search.max_buckets; translators use it to count searches in advance.
 */
export const FIXED_COMBINATIONS_PER_SEARCH = 1000;

export const defaultLimits: Limits = {
  maxBuckets: 500_000,
  compositePageSize: 2_000,
  maxCompositePages: 500,
  maxBodyBytes: 1024 * 1024,
  maxBodyBytesByDialect: {},
  maxDepth: 64,
  maxPatternLength: 1_000,
  maxWildcardPatternLength: 400,
  maxTerms: 10_000,
  maxClauses: 1_024,
  maxExpressionNodes: 1_000,
  maxAggregations: 1_000,
  maxSortKeys: 100,
  maxEngineSearches: 64,
  maxScriptBytes: 64 * 1024,
  maxDeterminizedStates: 10_000,
  maxConcurrentEngineRequests: 16,
  maxQueuedEngineRequests: 256,
  maxConcurrentEngineRequestsPerRequest: 3,
  maxScanDocuments: 10_000_000,
  maxConcurrentScans: 4,
  ratePerSecond: 0,
  rateBurst: 100,
  graphql: { maxDepth: 16, maxAliases: 64, maxTokens: 5_000, maxFields: 2_000 },
};

/** Names a client sees: `limits.maxTerms`. */
export type LimitName = Exclude<keyof Limits, 'graphql' | 'maxBodyBytesByDialect'> | `graphql.${keyof Limits['graphql']}`;

/** The JSON-schema of the `limits` section of the configuration file. */
export const limitsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxBuckets: { type: 'integer', minimum: 1 },
    compositePageSize: { type: 'integer', minimum: 1, maximum: 10000 },
    maxCompositePages: { type: 'integer', minimum: 1 },
    maxBodyBytes: { type: 'integer', minimum: 1 },
    maxBodyBytesByDialect: { type: 'object', additionalProperties: { type: 'integer', minimum: 1 } },
    maxDepth: { type: 'integer', minimum: 2, maximum: 1000 },
    maxPatternLength: { type: 'integer', minimum: 1 },
    maxWildcardPatternLength: { type: 'integer', minimum: 1 },
    maxTerms: { type: 'integer', minimum: 1, maximum: 65536 },
    maxClauses: { type: 'integer', minimum: 1 },
    maxExpressionNodes: { type: 'integer', minimum: 1 },
    maxAggregations: { type: 'integer', minimum: 1 },
    maxSortKeys: { type: 'integer', minimum: 1 },
    maxEngineSearches: { type: 'integer', minimum: 1 },
    maxScriptBytes: { type: 'integer', minimum: 1024 },
    maxDeterminizedStates: { type: 'integer', minimum: 1 },
    maxConcurrentEngineRequests: { type: 'integer', minimum: 1 },
    maxQueuedEngineRequests: { type: 'integer', minimum: 0 },
    maxConcurrentEngineRequestsPerRequest: { type: 'integer', minimum: 1 },
    maxScanDocuments: { type: 'integer', minimum: 1 },
    maxConcurrentScans: { type: 'integer', minimum: 1 },
    ratePerSecond: { type: 'number', minimum: 0 },
    rateBurst: { type: 'integer', minimum: 1 },
    graphql: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxDepth: { type: 'integer', minimum: 1 },
        maxAliases: { type: 'integer', minimum: 0 },
        maxTokens: { type: 'integer', minimum: 1 },
        maxFields: { type: 'integer', minimum: 1 },
      },
    },
  },
} as const;

export type LimitsFile = Partial<Omit<Limits, 'graphql'>> & { graphql?: Partial<Limits['graphql']> };

export function buildLimits(file: LimitsFile | undefined): Limits {
  return { ...defaultLimits, ...file, graphql: { ...defaultLimits.graphql, ...file?.graphql } };
}
