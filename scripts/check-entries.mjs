// Loads every entry point of the installed tarballs from a consumer folder outside the
// workspace, as a user would: by import() and by require() (require(esm), unflagged on
// Node >= 20.19 and >= 22.12). @attnkit/core/testing must fail without its optional peers,
// and with a message that names them; it loads them with top-level await, so it is import-only
// (require() refuses async graphs: ERR_REQUIRE_ASYNC_MODULE), as vitest itself is. Usage: node check-entries.mjs <consumer> <pkg dirs…>
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [consumer, ...dirs] = process.argv.slice(2);
// Entries whose graph holds a top-level await of a dependency: require() refuses them
// (ERR_REQUIRE_ASYNC_MODULE), so they are import-only, and the README of the package says so.
// @attnkit/cli's program loads vega, whose node build awaits an optional `canvas` at the top level.
const IMPORT_ONLY = new Set(['@attnkit/cli']);
let failed = false;

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: consumer, encoding: 'utf8' });
  return { ok: r.status === 0, text: `${r.stdout}${r.stderr}`.trim() };
}

for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(new URL(`../${dir}/package.json`, import.meta.url), 'utf8'));
  for (const subpath of Object.keys(pkg.exports)) {
    if (subpath === './package.json') continue;
    const specifier = `${pkg.name}${subpath.slice(1)}`;
    const viaImport = run([
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(specifier)})`,
    ]);
    const viaRequire = run([
      '--input-type=commonjs',
      '-e',
      `require(${JSON.stringify(specifier)})`,
    ]);
    const needsPeers = specifier === '@attnkit/core/testing';
    const ways =
      needsPeers || IMPORT_ONLY.has(specifier)
        ? [['import', viaImport]]
        : [
            ['import', viaImport],
            ['require', viaRequire],
          ];
    for (const [how, r] of ways) {
      const pass = needsPeers
        ? !r.ok && r.text.includes('@attnkit/core/testing needs vitest and fast-check')
        : r.ok;
      console.log(`${pass ? 'ok  ' : 'FAIL'} ${how} ${specifier}`);
      if (!pass) {
        failed = true;
        console.log(r.text.split('\n').slice(0, 8).join('\n'));
      }
    }
  }
}
// The built JavaScript runs, not just loads: wasm picked with no warning, by import and by require.
const smoke = (load) => `
${load}
const warnings = [];
kernels.setWarningHandler((m) => warnings.push(m));
const q = core.randn([1, 2, 33, 8], 1);
const out = chunked.chunked().forward(q, q, q, { causal: true });
const backend = kernels.getKernels('auto').name;
if (!backend.startsWith('wasm') || warnings.length > 0 || !out.data.every(Number.isFinite))
  throw new Error(\`backend \${backend}, warnings \${warnings}\`);
console.log(backend);`;
const esm = run([
  '--input-type=module',
  '-e',
  smoke(`const [core, kernels, chunked] = await Promise.all(['@attnkit/core', '@attnkit/kernels', '@attnkit/chunked'].map((s) => import(s)));
console.log('ready:', await kernels.ready());`),
]);
const cjs = run([
  '--input-type=commonjs',
  '-e',
  smoke(
    `const [core, kernels, chunked] = ['@attnkit/core', '@attnkit/kernels', '@attnkit/chunked'].map((s) => require(s));`,
  ),
]);
for (const [how, r] of [
  ['import', esm],
  ['require', cjs],
]) {
  console.log(
    `${r.ok ? 'ok  ' : 'FAIL'} ${how}: chunked forward on ${r.text.split('\n').join(', ')}`,
  );
  if (!r.ok) failed = true;
}
process.exit(failed ? 1 : 0);
