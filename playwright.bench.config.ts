import baseConfig from './playwright.config';

/**
 * Browser benchmarks (`yarn bench:browser`): the same portal and browser as
 * the end-to-end tests, but only `*.bench.ts`, never in the test run.
 */
export default {
  ...baseConfig,
  testMatch: '**/*.bench.ts',
  retries: 0,
  reporter: [['list']],
};
