/** The hostile-input suite for Relevance AI (issue 23): see suite.ts. */
import { relevanceCases, relevanceFixtures, simple, simpleOk } from './relevance.js';
import { hostileSuite } from './suite.js';

hostileSuite({
  dialect: 'relevance-ai',
  fixtures: relevanceFixtures,
  simple: { method: 'POST', path: '/latest/datasets/listings/aggregate', body: simple },
  simpleOk,
  cases: relevanceCases,
});
