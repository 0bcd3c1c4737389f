/**
 * The outage suite (test/e2e/outage*.spec.ts): minutes of nodes kept down on purpose, so it runs
 * on its own (`npm run test:outage`), beside `npm test` in .ci/run, not inside it.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/e2e/outage*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/data/'],
  testTimeout: 900000,
};
