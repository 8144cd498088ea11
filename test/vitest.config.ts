import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Two passes: every suite on SQLite, and the end-to-end suites again on PostgreSQL
 * when a server is given (COUNTERSIGN_TEST_POSTGRES_URL; `.ci/run` starts one). In the
 * second pass `startTestApp` gives each test a fresh Postgres database.
 */
const postgres = process.env.COUNTERSIGN_TEST_POSTGRES_URL;

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    testTimeout: 30_000,
    // Console output of a passing test is noise; a failing test's is shown with it.
    silent: 'passed-only',
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'] } },
      ...(postgres ? [{
        extends: true as const,
        test: {
          name: 'postgres',
          include: ['test/e2e/**/*.test.ts'],
          exclude: ['test/e2e/postgres.test.ts'], // already on Postgres
          env: { COUNTERSIGN_TEST_DATABASE: 'postgres' },
        },
      }] : []),
    ],
  },
});
