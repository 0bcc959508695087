/**
 * Two projects: the backend (node, against a real local cloud) and the mini-program
 * (jsdom + miniprogram-simulate, with `wx` faked at the edge).
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'backend',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/backend'],
      transform: { '^.+\\.ts$': swc },
      testTimeout: 60000,
      setupFiles: ['<rootDir>/tests/backend/setup-env.ts'],
      globalSetup: '<rootDir>/tests/backend/global-setup.ts',
    },
    {
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/tests/miniprogram'],
      // tdesign ships ES modules that DevTools compiles; here swc does it. Packages inside
      // miniprogram_npm (tdesign's tslib) resolve the way the mini-program runtime does.
      transform: {
        '^.+\\.ts$': swc,
        '/miniprogram_npm/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' } }],
      },
      moduleDirectories: ['node_modules', 'miniprogram_npm'],
      testTimeout: 30000,
      setupFiles: ['<rootDir>/tests/miniprogram/setup.ts'],
    },
  ],
};
