/**
 * The pool from built JavaScript, in a plain `node` with no loader and no source condition:
 * core and the pool are compiled with tsc into a temporary node_modules, and a script there
 * runs the built tiny variant on 1-3 workers against its own forward, crashes a worker, closes.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const tsc = join(repo, 'node_modules/.bin/tsc');
const dir = mkdtempSync(join(tmpdir(), 'attnkit-pool-built-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const noTypes = ['--noCheck', '--declaration', 'false', '--declarationMap', 'false'];

function build(pkg: string, tsconfig: string) {
  const out = join(dir, 'node_modules/@attnkit', pkg);
  mkdirSync(out, { recursive: true });
  copyFileSync(join(repo, 'packages', pkg, 'package.json'), join(out, 'package.json'));
  const r = spawnSync(tsc, [
    '-p',
    tsconfig,
    '--outDir',
    join(out, 'dist'),
    ...noTypes,
    '--sourceMap',
    'false',
  ]);
  // Types are not checked here (the typecheck does that); emitting is what counts.
  return r.stdout.toString() + r.stderr.toString();
}

const script = `
import { createPool } from '@attnkit/pool';
import { randn } from '@attnkit/core';
const mod = new URL('./node_modules/@attnkit/pool/dist/testing/tiny-variant.js', import.meta.url).href;
const { tiny } = await import(mod);
const report = { identical: [], crash: [], closed: '' };
const inputs = [[randn([2, 4, 90, 8], 1), randn([2, 2, 90, 8], 2), randn([2, 2, 90, 8], 3)],
                [randn([1, 1, 300, 8], 4), randn([1, 1, 300, 8], 5), randn([1, 1, 300, 8], 6)]];
for (const threads of [1, 2, 3]) {
  const pool = createPool({ threads });
  for (const [q, k, v] of inputs) {
    const got = await pool.forward({ module: mod, export: 'tiny' }, q, k, v, { causal: true });
    const want = tiny().forward(q, k, v, { causal: true });
    report.identical.push(Buffer.compare(Buffer.from(got.data.buffer), Buffer.from(want.data.buffer)) === 0);
  }
  const [q] = inputs[0];
  report.crash.push(await pool.forward({ module: mod, export: 'tiny', config: { fail: 'exit' } }, q, q, q).then(() => 'resolved', (e) => e.code + ' ' + e.reason));
  await pool.close();
  report.closed = await pool.forward({ module: mod, export: 'tiny' }, q, q, q).then(() => 'resolved', (e) => e.code);
}
console.log(JSON.stringify(report));
`;

it('runs from built JS in plain node', () => {
  build('core', join(repo, 'packages/core/tsconfig.build.json'));
  build('kernels', join(repo, 'packages/kernels/tsconfig.build.json'));
  // The built kernels load the embedded wasm from build/ beside dist/, as in the tarball.
  mkdirSync(join(dir, 'node_modules/@attnkit/kernels/build'), { recursive: true });
  copyFileSync(
    join(repo, 'packages/kernels/build/wasm-bytes.js'),
    join(dir, 'node_modules/@attnkit/kernels/build/wasm-bytes.js'),
  );
  const pool = join(repo, 'packages/pool');
  const tsconfig = join(dir, 'tsconfig.pool.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(pool, 'tsconfig.build.json'),
      compilerOptions: { rootDir: join(pool, 'src'), types: [] },
      // The built test variant too (the package build leaves it out).
      include: [join(pool, 'src')],
      exclude: [join(pool, 'src/**/*.test.ts')],
    }),
  );
  build('pool', tsconfig);
  writeFileSync(join(dir, 'check.mjs'), script);
  const run = spawnSync(process.execPath, ['check.mjs'], { cwd: dir, timeout: 60_000 });
  expect(run.stderr.toString()).toBe('');
  const report = JSON.parse(run.stdout.toString());
  expect(report.identical).toEqual([true, true, true, true, true, true]);
  expect(report.crash).toEqual(['UNSUPPORTED exited', 'UNSUPPORTED exited', 'UNSUPPORTED exited']);
  expect(report.closed).toBe('UNSUPPORTED');
});
