import { execSync } from 'node:child_process';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

// Cross-origin isolation (COOP + COEP): without it a page has no SharedArrayBuffer, and the
// worker pool of the live benchmark shares q, k, v and the output through one.
const isolated = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The worker pool rebuilds a variant in each worker by `import(url)` of a module exporting its
 * definition: emit src/bench/variant-module.ts as its own chunk, under a fixed name and with its
 * exports kept, so the page can hand workers its URL (src/bench/variant-module-url.ts).
 */
function variantModuleChunk(): Plugin {
  return {
    name: 'attnkit-variant-module',
    apply: 'build',
    buildStart() {
      this.emitFile({
        type: 'chunk',
        id: 'src/bench/variant-module.ts',
        fileName: 'variant-module.js',
        preserveSignature: 'strict',
      });
    },
  };
}

/** The commit the build came from, recorded in downloaded benchmark results. */
function commit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export default defineConfig({
  base: './',
  define: { __ATTNKIT_COMMIT__: JSON.stringify(commit()) },
  resolve: { conditions: ['@attnkit/source', ...defaultClientConditions] },
  worker: { format: 'es' },
  server: { headers: isolated },
  preview: { headers: isolated },
  plugins: [variantModuleChunk()],
  build: { target: 'es2022', chunkSizeWarningLimit: 1200 },
});
