// `pnpm test:browser`: the Web Worker pool in a real Chromium (not part of `pnpm test`: a fresh
// machine has no browser). Builds the wasm kernels, bundles the checks (bundle.mjs), serves them
// cross-origin isolated (serve.mjs), runs pool-checks.ts in the page and prints PASS/FAIL per
// check; exits non-zero on any failure, including a missing Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildWasm,
  exitWith,
  launchChromium,
  printResults,
  requireChromium,
  seconds,
} from '../../../scripts/chromium.mjs';
import { bundle } from './bundle.mjs';
import { serve } from './serve.mjs';

const PAGE_TIMEOUT_MS = 180_000;
const started = performance.now();

requireChromium();
buildWasm();

const outdir = mkdtempSync(join(tmpdir(), 'attnkit-browser-test-'));
let server;
let browser;
let results = [];
let fatal = null;
const consoleLines = [];
try {
  let phase = performance.now();
  await bundle(outdir);
  console.log(`bundle ${seconds(phase)}`);
  server = await serve(outdir);

  phase = performance.now();
  browser = await launchChromium();
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

printResults(results, fatal);
const failed = results.filter((r) => !r.ok).length + (fatal ? 1 : 0);
if (failed > 0 && consoleLines.length > 0)
  console.log(`\nbrowser console:\n${consoleLines.join('\n')}`);
console.log(
  `\nbrowser pool: ${results.length - failed + (fatal ? 1 : 0)} passed, ${failed} failed (${seconds(started)})`,
);
exitWith(failed, results);
