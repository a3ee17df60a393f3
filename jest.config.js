/** One jest run for the whole repo: library units, API units and API end-to-end suites. */
// Transpile only: type-checking is `npm run typecheck`'s job, and this keeps the suites fast.
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': tsJest },
  moduleNameMapper: {
    '^@promptops/shared$': '<rootDir>/libs/shared/src',
    '^@promptops/templating$': '<rootDir>/libs/templating/src',
    '^@promptops/cli$': '<rootDir>/libs/cli/src',
  },
};

module.exports = {
  // End-to-end suites start a real app and database per file.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'libs', testMatch: ['<rootDir>/libs/*/src/**/*.spec.ts'] },
    { ...common, displayName: 'api-unit', testMatch: ['<rootDir>/apps/api/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'api-e2e',
      testMatch: ['<rootDir>/apps/api/test/**/*.e2e-spec.ts'],
    },
  ],
};
