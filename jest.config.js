// Two projects: `unit` (pure code, no servers) and `integration` (real Temporal servers, SMTP, …).
const swc = ['@swc/jest', { jsc: { target: 'es2022' } }];
// jose, openid-client (and its oauth4webapi) and oidc-provider ship only ES modules, which Jest's
// CommonJS runtime cannot require: compile them like our code.
const esmOnly = '(jose|openid-client|oauth4webapi|oidc-provider)';
const transform = { '^.+\\.tsx?$': swc, [`/node_modules/${esmOnly}/.+\\.js$`]: swc };
const common = {
  transform,
  transformIgnorePatterns: [`/node_modules/(?!${esmOnly}/)`],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // Per-project testTimeout is ignored by Jest; integration tests wait on real servers.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/{workflow,api,adapters,harness,security,db,bench,product}/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
  ],
};
