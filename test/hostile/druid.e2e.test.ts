/** The hostile-input suite for Druid native queries (issue 23): see suite.ts. */
import { fixtures } from '../translators/druid/fixtures.js';
import { druidCases, groupBy } from './druid.js';
import { hostileSuite } from './suite.js';

hostileSuite({
  dialect: 'druid',
  fixtures,
  simple: { method: 'POST', path: '/druid/v2', body: groupBy },
  simpleOk: (b) => (Array.isArray(b) && b.length > 0 ? undefined : 'no rows'),
  cases: druidCases,
});
