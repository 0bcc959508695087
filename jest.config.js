/**
 * Three projects: the backend (node, against a real local cloud), the reliability suite (the
 * same, scenario by scenario) and the mini-program (jsdom + miniprogram-simulate, with `wx`
 * faked at the edge).
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }];

/** @type {import('jest').Config} */
module.exports = {
  // Global: jest reads `testTimeout` from the root config, not from a project's. Parallel and
  // fault tests against the local cloud take seconds on a loaded 2-core machine.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'backend',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/backend'],
      transform: { '^.+\\.ts$': swc },
      setupFiles: ['<rootDir>/tests/backend/setup-env.ts'],
      globalSetup: '<rootDir>/tests/backend/global-setup.ts',
    },
    {
      // issue 12 §3: faults, bad input, concurrency and permissions, each scenario a test
      // (docs/reliability.md); also run by `npm test`.
      displayName: 'reliability',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/reliability'],
      transform: { '^.+\\.ts$': swc },
      setupFiles: ['<rootDir>/tests/backend/setup-env.ts'],
      globalSetup: '<rootDir>/tests/backend/global-setup.ts',
    },
    {
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/tests/miniprogram'],
      // tdesign ships ES modules that DevTools compiles; here swc does it. miniprogram_npm
      // comes first so tdesign's own packages (its bundled tslib) resolve as in the runtime.
      transform: {
        '^.+\\.ts$': swc,
        '/miniprogram_npm/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' } }],
      },
      moduleDirectories: ['miniprogram_npm', 'node_modules'],
      setupFiles: ['<rootDir>/tests/miniprogram/setup.ts'],
    },
  ],
};
