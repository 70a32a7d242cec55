// Bundles the browser checks as ES modules into one directory the page serves: the page script,
// the pool's Web Worker entry, a backend probe worker, the failure fixture and the full and
// chunked variant packages (each built from its TypeScript sources, the `@attnkit/source`
// condition), with shared code in chunks so each realm loads one copy of core and kernels.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const root = here('../../../');

/** A workspace package's entry under the `@attnkit/source` condition of its "." export. */
function sourceEntry(dir) {
  const manifest = JSON.parse(readFileSync(`${root}${dir}/package.json`, 'utf8'));
  return `${root}${dir}/${manifest.exports['.']['@attnkit/source']}`;
}

export async function bundle(outdir) {
  await build({
    entryPoints: [
      { in: here('./pool-checks.ts'), out: 'page' },
      { in: here('../src/worker-browser.ts'), out: 'worker-browser' },
      { in: here('./backend-probe.worker.ts'), out: 'backend-probe' },
      { in: here('./misbehaving-variant.ts'), out: 'misbehaving-variant' },
      { in: sourceEntry('packages/full'), out: 'full' },
      { in: sourceEntry('packages/chunked'), out: 'chunked' },
    ],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@attnkit/source'],
    sourcemap: true,
    logLevel: 'warning',
  });
  writeFileSync(
    `${outdir}/index.html`,
    '<!doctype html><meta charset="utf-8"><title>attnkit pool</title>' +
      '<script type="module" src="/page.js"></script>\n',
  );
}
