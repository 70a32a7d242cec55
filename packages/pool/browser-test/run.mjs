// `pnpm test:browser`: the Web Worker pool in a real Chromium (not part of `pnpm test`: a fresh
// machine has no browser). Builds the wasm kernels, bundles the checks (bundle.mjs), serves them
// cross-origin isolated (serve.mjs), runs pool-checks.ts in the page and prints PASS/FAIL per
// check; exits non-zero on any failure, including a missing Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle } from './bundle.mjs';
import { serve } from './serve.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const PAGE_TIMEOUT_MS = 180_000;
const started = performance.now();
const seconds = (from) => `${((performance.now() - from) / 1000).toFixed(1)} s`;

if (!existsSync(CHROMIUM)) {
  console.error(
    `FAIL: no Chromium at ${CHROMIUM}. Install it with\n` +
      '  apt-get update && apt-get install -y --no-install-recommends chromium\n' +
      '(or point CHROMIUM at a Chromium binary).',
  );
  process.exit(1);
}

let phase = performance.now();
const wasm = spawnSync(
  'npx',
  ['-y', 'pnpm@12.21.0', '--filter', '@attnkit/kernels', 'build:wasm'],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
if (wasm.status !== 0) {
  console.error(`FAIL: build:wasm exited with ${wasm.status ?? wasm.signal}`);
  process.exit(1);
}
console.log(`build:wasm ${seconds(phase)}`);

const outdir = mkdtempSync(join(tmpdir(), 'attnkit-browser-test-'));
let server;
let browser;
let results = [];
let fatal = null;
const consoleLines = [];
try {
  phase = performance.now();
  await bundle(outdir);
  console.log(`bundle ${seconds(phase)}`);
  server = await serve(outdir);

  phase = performance.now();
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--disable-gpu', '--no-sandbox'],
  });
  const page = await browser.newPage();
  page.on('console', (m) => consoleLines.push(`[console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  console.log(`${await browser.version()} at ${server.origin}`);
  await page.goto(`${server.origin}/`);
  results = await page.evaluate(
    (ms) =>
      Promise.race([
        globalThis.attnkitPoolChecks(),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`checks still running after ${ms} ms`)), ms),
        ),
      ]),
    PAGE_TIMEOUT_MS,
  );
  console.log(`browser checks ${seconds(phase)}\n`);
} catch (error) {
  fatal = error;
} finally {
  await browser?.close();
  await server?.close();
  rmSync(outdir, { recursive: true, force: true });
}

for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}\n      ${r.detail}`);
const failed = results.filter((r) => !r.ok).length + (fatal ? 1 : 0);
if (fatal) console.log(`FAIL  the harness itself: ${fatal.stack ?? fatal}`);
if (failed > 0 && consoleLines.length > 0)
  console.log(`\nbrowser console:\n${consoleLines.join('\n')}`);
console.log(
  `\nbrowser pool: ${results.length - failed + (fatal ? 1 : 0)} passed, ${failed} failed (${seconds(started)})`,
);
console.log(failed === 0 && results.length > 0 ? 'PASS' : 'FAIL');
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
