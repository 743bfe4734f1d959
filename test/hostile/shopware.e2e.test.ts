/** The hostile-input suite for Shopware criteria (issue 23): see suite.ts. */
import { shopwareCases, shopwareFixtures, simple, simpleOk } from './shopware.js';
import { hostileSuite } from './suite.js';

hostileSuite({
  dialect: 'shopware',
  fixtures: shopwareFixtures,
  simple: { method: 'POST', path: '/api/search/product', body: simple },
  simpleOk,
  cases: shopwareCases,
});
