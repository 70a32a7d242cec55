import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** One vitest config for every package: run TypeScript sources through the source condition. */
export default defineConfig({
  ssr: { resolve: { conditions: ['@attnkit/source'] } },
  resolve: { conditions: ['@attnkit/source'] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // A fresh clone has no wasm build yet: build it before any test imports the kernels.
    globalSetup: [fileURLToPath(new URL('./scripts/vitest-global-setup.mjs', import.meta.url))],
    // The JSON report feeds the one-line summary that `pnpm test` prints at the end.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
