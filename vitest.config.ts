import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Explicit: Vitest's default would also pick up the Playwright specs in e2e/.
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'threads',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
