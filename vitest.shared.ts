import { defineConfig } from 'vitest/config';

/** One vitest config for every package: run TypeScript sources through the source condition. */
export default defineConfig({
  ssr: { resolve: { conditions: ['@attnkit/source'] } },
  resolve: { conditions: ['@attnkit/source'] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // The JSON report feeds the one-line summary that `pnpm test` prints at the end.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
