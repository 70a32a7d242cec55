// `pnpm --filter @attnkit/explorer test:browser`: the explorer in a real Chromium. Builds the
// static app (wasm kernels, then `vite build`), serves it with `vite preview --host 127.0.0.1`
// (cross-origin isolated by vite.config.ts), runs the checks of checks.mjs in the page, prints
// PASS/FAIL per check and exits non-zero on any failure, a console error, or a missing Chromium.
// Screenshots go to test-results/screenshots/ (gitignored).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  buildWasm,
  exitWith,
  launchChromium,
  printResults,
  requireChromium,
  seconds,
  step,
} from '../../../scripts/chromium.mjs';
import { CHECKS } from './checks.mjs';

const app = fileURLToPath(new URL('..', import.meta.url));
const shots = `${app}test-results/screenshots`;
const started = performance.now();

requireChromium();
buildWasm();
step('vite build', 'node_modules/.bin/vite', ['build', '--logLevel', 'warn'], app);

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** `vite preview` on a free port; resolves once it answers. */
async function preview() {
  const port = await freePort();
  const child = spawn(
    'node_modules/.bin/vite',
    ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { cwd: app, stdio: ['ignore', 'pipe', 'inherit'], detached: false },
  );
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(origin)).ok) return { origin, child };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`vite preview did not answer at ${origin}`);
}

mkdirSync(shots, { recursive: true });
const results = [];
const consoleErrors = [];
let server;
let browser;
let fatal = null;
try {
  server = await preview();
  browser = await launchChromium([
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ]);
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`[console.error] ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`[pageerror] ${e.message}`));
  console.log(`${await browser.version()} at ${server.origin}`);
  for (const check of CHECKS) {
    const from = performance.now();
    try {
      const detail = await check.run({ page, origin: server.origin, shots, app, consoleErrors });
      results.push({ name: check.name, ok: true, detail: `${detail} (${seconds(from)})` });
    } catch (error) {
      results.push({
        name: check.name,
        ok: false,
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }
} catch (error) {
  fatal = error;
} finally {
  await browser?.close();
  server?.child.kill();
}

printResults(results, fatal);
if (consoleErrors.length) console.log(`FAIL  console errors:\n${consoleErrors.join('\n')}`);
const failed =
  results.filter((r) => !r.ok).length + (fatal ? 1 : 0) + (consoleErrors.length ? 1 : 0);
console.log(
  `\nexplorer: ${results.length - results.filter((r) => !r.ok).length} checks passed, ${failed} failed (${seconds(started)}); screenshots in ${shots}`,
);
exitWith(failed, results);
