/** The hostile-input suite for an authenticated Opendatasoft tenant with a row filter (issue 23): see tenant.ts and suite.ts. */
import { opendatasoftFixtures } from './opendatasoft.js';
import { hostileSuite } from './suite.js';
import { tenantAuth, tenantCases, tenantSimple, tenantSimpleOk } from './tenant.js';

hostileSuite({
  dialect: 'opendatasoft',
  label: 'opendatasoft, tenant with a row filter',
  fixtures: opendatasoftFixtures,
  overrides: tenantAuth,
  simple: tenantSimple,
  simpleOk: tenantSimpleOk,
  cases: tenantCases,
});
