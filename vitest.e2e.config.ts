import { defineConfig } from 'vitest/config';

// Browser tests: each file starts the whole local stack in-process (it brings its own emulators), so there is
// no global setup; a cold Chromium plus a seeded workbook needs generous time.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
