import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    // Two cores: run two files at a time.
    maxWorkers: 2,
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/sync/**'],
          // The harness tests start the bundled harness: rebuild it when its sources changed.
          globalSetup: ['tests/support/build-harness.ts'],
        },
      },
      // The hub's tests need PostgreSQL: their setup starts a throwaway cluster (or uses
      // DATABASE_URL), and only when one of these files is selected.
      {
        extends: true,
        test: {
          name: 'hub',
          include: ['tests/sync/**/*.test.ts'],
          globalSetup: ['tests/support/postgres-global.ts'],
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
