/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    // jose ships ES modules only; Jest's CommonJS runtime needs them compiled like our own code.
    '/node_modules/jose/.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testMatch: ['<rootDir>/**/*.spec.ts'],
  // The outage suite runs on its own (jest.outage.config.js, npm run test:outage), beside this one in CI.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/data/', '<rootDir>/test/e2e/outage'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
};
