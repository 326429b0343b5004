import { defineConfig } from 'vitest/config';

/**
 * Test projects, by what they need:
 * - unit: pure code, beside it as `*.test.ts`;
 * - pg: real PostgreSQL (a fresh database per file, cloned from a migrated template), `*.pg.test.ts`;
 * - embedded: the embedded default (PGlite), `*.embedded.test.ts`;
 * - faults: the fault, load and bad-input harness (`npm run test:faults`), `*.faults.test.ts`;
 * - browser: real Chromium against the built web app and a real PostgreSQL, `*.browser.test.ts`.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tests/queue/*.test.ts'],
          exclude: ['**/*.pg.test.ts', '**/*.embedded.test.ts', '**/*.browser.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'pg',
          include: ['**/*.pg.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['tests/setup/pg-template.ts'],
          env: { NODE_ENV: 'test' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'embedded',
          include: ['**/*.embedded.test.ts'],
          exclude: ['**/node_modules/**'],
          env: { NODE_ENV: 'test' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'faults',
          include: ['tests/faults/**/*.faults.test.ts'],
          env: { NODE_ENV: 'test' },
          testTimeout: 300_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.browser.test.ts'],
          globalSetup: ['tests/setup/pg-template.ts', 'tests/setup/build-web.ts'],
          env: { NODE_ENV: 'test' },
          // One browser at a time: two cores are shared with PostgreSQL and the API.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
