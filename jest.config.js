/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  setupFiles: ['<rootDir>/test/support/env.ts'],
  testTimeout: 60000,
  // Every core: on a two-core machine jest's default (cores − 1) runs the files one at a time, twice as long.
  maxWorkers: '100%',
  watchman: false,
};
