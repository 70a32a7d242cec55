// Builds the kernels' wasm (packages/kernels/build/wasm-bytes.js) when it is missing, so a fresh
// clone can run `vitest`, `pnpm --filter <pkg> test` or `pnpm bench` without turbo building it
// first. A lock directory keeps parallel test runs from building it twice at once.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const kernels = fileURLToPath(new URL('../packages/kernels/', import.meta.url));
const bytes = `${kernels}build/wasm-bytes.js`;
const lock = `${kernels}build/.building`;
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function ensureWasm() {
  if (existsSync(bytes)) return;
  mkdirSync(`${kernels}build`, { recursive: true });
  try {
    mkdirSync(lock);
  } catch {
    // Another process is building it: wait for it (up to 5 minutes), then use its result.
    for (let waited = 0; waited < 300_000 && existsSync(lock) && !existsSync(bytes); waited += 200)
      sleep(200);
    if (existsSync(bytes)) return;
    throw new Error(`${bytes} is still missing after waiting for another build (remove ${lock})`);
  }
  try {
    process.stderr.write('attnkit: building the wasm kernels (packages/kernels build:wasm)…\n');
    // npm runs the script with packages/kernels/node_modules/.bin (asc) on the PATH.
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['run', '--silent', 'build:wasm'], { cwd: kernels, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`build:wasm exited with ${r.status ?? r.signal}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

// `node scripts/ensure-wasm.mjs`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureWasm();
