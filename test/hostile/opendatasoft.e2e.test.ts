/** The hostile-input suite for the Opendatasoft aggregate API (issue 23): see suite.ts. */
import { opendatasoftCases, opendatasoftFixtures, PATH, simple, simpleOk } from './opendatasoft.js';
import { hostileSuite } from './suite.js';

hostileSuite({
  dialect: 'opendatasoft',
  fixtures: opendatasoftFixtures,
  simple: { method: 'POST', path: PATH, body: simple },
  simpleOk,
  cases: opendatasoftCases,
});
