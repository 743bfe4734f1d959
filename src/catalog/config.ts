/**
 * Typed configuration: which datasets are exposed (public name → index or alias, plus per-dataset
 * options), where the engine is, and the limits and accuracy knobs. Loaded from the JSON file named
 * by AGGPROXY_CONFIG, with environment overrides for the engine URL and the port.
 */
import { DEFAULT_REFRESH_TTL_SECONDS, type AuthConfig } from '../auth/access.js';
import { BCRYPT_HASH } from '../auth/sessions.js';
import { CAPABILITIES, type Capability } from '../backend/capabilities.js';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { buildLimits, defaultLimits, limitsSchema, type Limits, type LimitsFile } from '../policy/limits.js';

export interface DatasetConfig {
  /** index or alias name; never a pattern */
  readonly index: string;
  /** the dataset's main time field (Druid's __time) */
  readonly timeField?: string;
  /** the field holding each document's primary key (Shopware `id`); the default tiebreak order */
  readonly idField?: string;
  /** public field name → index field path (Shopware `price` → `price.gross`) */
  readonly aliases?: Readonly<Record<string, string>>;
  /**
   * Associations, by the field a client names them with (Shopware `manufacturerId`): the entity
   * they point to, where the related entity's fields are embedded in each document, and whether
   * it is to-many (an array of objects, each element a related entity).
   */
  readonly relations?: Readonly<Record<string, RelationConfig>>;
  /** full-text search (Shopware `term`): the searchable fields and each one's ranking */
  readonly searchFields?: Readonly<Record<string, number>>;
}

export interface RelationConfig {
  readonly entity: string;
  /** the embedded object's path (`manufacturer`); absent when only the id is stored */
  readonly path?: string;
  readonly many?: boolean;
  /** loaded into every record without being asked for (Shopware's autoloaded associations, product.tax) */
  readonly autoload?: boolean;
}

export interface AppConfig {
  readonly port: number;
  readonly engine: {
    readonly url: string;
    readonly timeoutMs: number;
    /** capabilities to leave unused even where the engine has them (e.g. a policy against scripts) */
    readonly disable: readonly Capability[];
  };
  readonly datasets: Readonly<Record<string, DatasetConfig>>;
  readonly cache: { readonly maxBytes: number; readonly ttlMs: number };
  /** every bound one request is held to (src/policy/limits.ts) */
  readonly limits: Limits;
  readonly accuracy: {
    /** cardinality is exact below this many distinct values (ES maximum 40000) */
    readonly cardinalityPrecisionThreshold: number;
    /** t-digest compression for percentiles: higher is more accurate and costlier */
    readonly percentilesCompression: number;
  };
  readonly nue: {
    /** `result`: Nue's documented `{"data": {"result": {...}}}`; `standard`: GraphQL's `{"data": {...}}` */
    readonly envelope: 'result' | 'standard';
    /** false: `__schema` / `__type` are refused (INTROSPECTION_DISABLED) and errors suggest no field names */
    readonly introspection: boolean;
    /** mask "Did you mean …?" in errors (graphql-armor's block-field-suggestions); default: when introspection is off */
    readonly blockFieldSuggestions?: boolean;
  };
  /** API keys and integrations per tenant; off for the embedded demo */
  readonly auth: AuthConfig;
  readonly logLevel: string;
}

export const defaults = {
  port: 8080,
  engine: { url: 'http://127.0.0.1:19200', timeoutMs: 30_000, disable: [] as readonly Capability[] },
  cache: { maxBytes: 64 * 1024 * 1024, ttlMs: 60_000 },
  limits: defaultLimits,
  accuracy: { cardinalityPrecisionThreshold: 40_000, percentilesCompression: 100 },
  nue: { envelope: 'result', introspection: true },
  auth: { enabled: false, tokenTtlSeconds: 600, refreshTokenTtlSeconds: DEFAULT_REFRESH_TTL_SECONDS, tenants: {} } as AuthConfig,
  logLevel: 'info',
} as const;

/** Index names that may be exposed: no patterns, no lists, no system or hidden indices. */
const SAFE_INDEX = /^[a-z0-9][a-z0-9_\-]*(\.[a-z0-9_\-]+)*$/;

const fileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['datasets'],
  properties: {
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    engine: {
      type: 'object',
      additionalProperties: false,
      properties: {
        url: { type: 'string' },
        timeoutMs: { type: 'integer', minimum: 1 },
        disable: { type: 'array', items: { enum: [...CAPABILITIES] }, uniqueItems: true },
      },
    },
    datasets: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['index'],
        properties: {
          index: { type: 'string', pattern: SAFE_INDEX.source },
          timeField: { type: 'string' },
          idField: { type: 'string' },
          aliases: { type: 'object', additionalProperties: { type: 'string' } },
          searchFields: { type: 'object', additionalProperties: { type: 'number', minimum: 0 } },
          relations: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              required: ['entity'],
              properties: { entity: { type: 'string' }, path: { type: 'string' }, many: { type: 'boolean' }, autoload: { type: 'boolean' } },
            },
          },
        },
      },
    },
    cache: {
      type: 'object',
      additionalProperties: false,
      properties: { maxBytes: { type: 'integer', minimum: 0 }, ttlMs: { type: 'integer', minimum: 0 } },
    },
    limits: limitsSchema,
    accuracy: {
      type: 'object',
      additionalProperties: false,
      properties: {
        cardinalityPrecisionThreshold: { type: 'integer', minimum: 0, maximum: 40000 },
        percentilesCompression: { type: 'number', minimum: 1 },
      },
    },
    nue: {
      type: 'object',
      additionalProperties: false,
      properties: { envelope: { enum: ['result', 'standard'] }, introspection: { type: 'boolean' }, blockFieldSuggestions: { type: 'boolean' } },
    },
    auth: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean' },
        tokenTtlSeconds: { type: 'integer', minimum: 1 },
        refreshTokenTtlSeconds: { type: 'integer', minimum: 1 },
        tenants: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            required: ['datasets'],
            properties: {
              datasets: { type: 'array', items: { type: 'string' } },
              filters: {
                type: 'object',
                additionalProperties: {
                  type: 'object',
                  minProperties: 1,
                  additionalProperties: {
                    anyOf: [{ type: ['string', 'number', 'boolean'] }, { type: 'array', minItems: 1, items: { type: ['string', 'number', 'boolean'] } }],
                  },
                },
              },
              apiKeys: { type: 'array', items: { type: 'string', minLength: 16 } },
              integrations: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['clientId', 'clientSecret'],
                  properties: { clientId: { type: 'string', minLength: 1 }, clientSecret: { type: 'string', minLength: 16 } },
                },
              },
              users: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['username', 'passwordHash'],
                  properties: {
                    username: { type: 'string', minLength: 1 },
                    passwordHash: { type: 'string' },
                    scopes: { type: 'array', items: { type: 'string', pattern: '^[^\\s]+$' }, uniqueItems: true },
                  },
                },
              },
            },
          },
        },
      },
    },
    logLevel: { type: 'string' },
  },
} as const;

/** The configuration file: every section optional but `datasets`, every knob defaulted. */
export interface ConfigFile {
  port?: number;
  engine?: Partial<AppConfig['engine']>;
  datasets: Record<string, DatasetConfig>;
  cache?: Partial<AppConfig['cache']>;
  limits?: LimitsFile;
  accuracy?: Partial<AppConfig['accuracy']>;
  nue?: Partial<AppConfig['nue']>;
  auth?: Partial<AuthConfig>;
  logLevel?: string;
}

export function buildConfig(file: ConfigFile, env: NodeJS.ProcessEnv = {}): AppConfig {
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
  if (!ajv.validate(fileSchema, file)) {
    throw new Error(`invalid configuration: ${ajv.errorsText(ajv.errors, { dataVar: 'config' })}`);
  }
  for (const [name, ds] of Object.entries(file.datasets)) {
    if (!SAFE_INDEX.test(ds.index)) throw new Error(`dataset ${name}: index '${ds.index}' is not a plain index name`);
  }
  return {
    port: env.PORT !== undefined ? Number(env.PORT) : (file.port ?? defaults.port),
    engine: { ...defaults.engine, ...file.engine, ...(env.AGGPROXY_ENGINE_URL ? { url: env.AGGPROXY_ENGINE_URL } : {}) },
    datasets: file.datasets,
    cache: { ...defaults.cache, ...file.cache },
    limits: buildLimits(file.limits),
    accuracy: { ...defaults.accuracy, ...file.accuracy },
    nue: { ...defaults.nue, ...file.nue },
    auth: checkedAuth({ ...defaults.auth, ...file.auth }, file.datasets),
    logLevel: env.LOG_LEVEL ?? file.logLevel ?? defaults.logLevel,
  };
}

/** Every tenant names exposed datasets only, no key, integration or user serves two tenants, and passwords are hashes. */
function checkedAuth(auth: AuthConfig, datasets: ConfigFile['datasets']): AuthConfig {
  const seen = new Set<string>();
  for (const [name, t] of Object.entries(auth.tenants)) {
    for (const d of t.datasets) if (!Object.hasOwn(datasets, d)) throw new Error(`auth tenant ${name}: dataset '${d}' is not exposed`);
    for (const d of Object.keys(t.filters ?? {})) if (!t.datasets.includes(d)) throw new Error(`auth tenant ${name}: a filter for '${d}', which the tenant cannot read`);
    for (const k of [...(t.apiKeys ?? []), ...(t.integrations ?? []).map((i) => `client:${i.clientId}`), ...(t.users ?? []).map((u) => `user:${u.username}`)]) {
      if (seen.has(k)) throw new Error(`auth tenant ${name}: a key, integration or user is configured twice`);
      seen.add(k);
    }
    // the value itself is not repeated: it might be a clear password put there by mistake
    for (const u of t.users ?? []) {
      if (!BCRYPT_HASH.test(u.passwordHash)) throw new Error(`auth tenant ${name}: user '${u.username}' has a passwordHash that is not a bcrypt hash (make one with \`aggproxy hash-password\`)`);
    }
  }
  return auth;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const path = env.AGGPROXY_CONFIG;
  if (!path) throw new Error('AGGPROXY_CONFIG must name a configuration file (see README)');
  return buildConfig(JSON.parse(readFileSync(path, 'utf8')) as ConfigFile, env);
}
