import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/**/*.test.ts'],
    pool: 'threads',
    globalSetup: ['packages/store/test/global-setup.ts'],
    testTimeout: 60_000,
    // in CI also write a JSON report, from which .ci/run prints the plain "N passed, N failed" line
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: '.tmp/vitest-report.json' }]]
      : ['default'],
  },
});
