/**
 * Every dialect the proxy speaks, in mount order: the one place src/ learns of them
 * (src/server/app.ts mounts each through src/server/mount.ts; src/openapi describes each).
 * A new dialect is one folder under translators/ and one line here.
 */
import type { Dialect } from '../src/dialect/contract.js';
import { relevanceDialect } from './relevance-ai/dialect.js';
import { nueDialect } from './nue-graphql/dialect.js';
import { shopwareDialect } from './shopware/dialect.js';
import { druidDialect } from './druid/dialect.js';
import { druidSqlDialect } from './druid/sql/dialect.js';
import { opendatasoftDialect } from './opendatasoft/dialect.js';

export const DIALECTS: readonly Dialect[] = [relevanceDialect, nueDialect, shopwareDialect, druidSqlDialect, druidDialect, opendatasoftDialect];
