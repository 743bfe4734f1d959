/** The hostile-input suite for Nue GraphQL (issue 23): see suite.ts. */
import { nueCases, nueFixtures, simple, simpleOk } from './nue.js';
import { hostileSuite } from './suite.js';

hostileSuite({
  dialect: 'nue-graphql',
  fixtures: nueFixtures,
  simple: { method: 'POST', path: '/graphql', body: simple },
  simpleOk,
  cases: nueCases,
});
