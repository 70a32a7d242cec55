// What the browser tests (packages/pool/browser-test, apps/explorer/test) share: the Chromium
// they drive, the build steps before it, and the PASS/FAIL lines they print.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const seconds = (from) => `${((performance.now() - from) / 1000).toFixed(1)} s`;

/** A missing browser is a failure, not a skip: exits with how to install one. */
export function requireChromium() {
  if (existsSync(CHROMIUM)) return;
  console.error(
    `FAIL: no Chromium at ${CHROMIUM}. Install it with\n` +
      '  apt-get update && apt-get install -y --no-install-recommends chromium\n' +
      '(or point CHROMIUM at a Chromium binary).',
  );
  process.exit(1);
}

/** Runs one build step and prints its time; exits on failure. */
export function step(name, command, args, cwd = process.cwd()) {
  const from = performance.now();
  const run = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) {
    console.error(`FAIL: ${name} exited with ${run.status ?? run.signal}`);
    process.exit(1);
  }
  console.log(`${name} ${seconds(from)}`);
}

export const buildWasm = () =>
  step('build:wasm', 'npx', ['-y', 'pnpm@12.21.0', '--filter', '@attnkit/kernels', 'build:wasm']);

/** Headless Chromium through playwright-core (no GPU, no sandbox: CI containers have neither). */
export async function launchChromium(extraArgs = []) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--disable-gpu', '--no-sandbox', ...extraArgs],
  });
}

/** One PASS/FAIL line per check, then the harness's own failure if it had one. */
export function printResults(results, fatal) {
  for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}\n      ${r.detail}`);
  if (fatal) console.log(`FAIL  the harness itself: ${fatal.stack ?? fatal}`);
}

/** Exits 0 only when checks ran and none failed. */
export function exitWith(failed, results) {
  const ok = failed === 0 && results.length > 0;
  console.log(ok ? 'PASS' : 'FAIL');
  process.exit(ok ? 0 : 1);
}
