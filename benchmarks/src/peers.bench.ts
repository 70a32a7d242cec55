/**
 * attnkit beside its peers: exact attention on the same seeded inputs, in the same run.
 * One head, d = 64, fp32, non-causal and causal; attnkit full and chunked on getKernels('auto')
 * (plus full on the SIMD128 build when auto is the relaxed-SIMD one), onnxruntime-node (native
 * CPU, 1 intra-op thread), onnxruntime-web (wasm, 1 thread), tfjs-wasm. Prints median ms, GFLOP/s of visible pairs (4·pairs·d, so causal counts about
 * half), the speed ratio against onnxruntime-web, and each output's max |Δ| from attnkit full.
 * Run: pnpm --filter @attnkit/benchmarks bench:peers
 *   env: N=1024,4096,16384  PEERS=onnxruntime-node,onnxruntime-web,tfjs-wasm  THREADS=1  ROUNDS=3
 */
import { chunked } from '@attnkit/chunked';
import { getPeer, isUnavailable, type PeerSession, peerNames } from '@attnkit/cli/peers';
import type { Tensor } from '@attnkit/core';
import { full } from '@attnkit/full';
import { getKernels } from '@attnkit/kernels';
import { median } from './lib/interleaved.ts';
import { loadLine, machineLine, table } from './lib/measure.ts';
import { oneHead } from './lib/one-head.ts';

const d = 64;
const lengths = (process.env.N ?? '1024,4096,16384').split(',').map(Number);
const peerList = (process.env.PEERS ?? peerNames.join(',')).split(',').filter(Boolean);
const threads = Number(process.env.THREADS ?? 1);
const backend = getKernels('auto').name;
const BASELINE = 'onnxruntime-web';

type Run = (q: Tensor, k: Tensor, v: Tensor, causal: boolean) => Promise<Float32Array>;

/** `setup`: builds something per shape on its first call (sessions, masks), kept out of timing. */
const impls: { name: string; run: Run; setup: boolean }[] = [];
const f = full();
const c = chunked();
impls.push({
  name: `attnkit full (${backend})`,
  setup: false,
  run: async (q, k, v, causal) => f.forward(q, k, v, { causal }).data,
});
impls.push({
  name: `attnkit chunked (${backend})`,
  setup: false,
  run: async (q, k, v, causal) => c.forward(q, k, v, { causal }).data,
});
// Where auto runs the relaxed-SIMD (FMA) build, full on the SIMD128 build too: what FMA is worth,
// measured in the same rounds (and what a runtime without relaxed SIMD gets).
if (backend === 'wasm-relaxed-simd') {
  const simd128 = full({ backend: 'wasm-simd' });
  impls.push({
    name: 'attnkit full (wasm-simd)',
    setup: false,
    run: async (q, k, v, causal) => simd128.forward(q, k, v, { causal }).data,
  });
}

const sessions: PeerSession[] = [];
const notes: string[] = [];
for (const name of peerList) {
  const loaded = await getPeer(name, { threads }).load();
  if (isUnavailable(loaded)) {
    notes.push(`${name}: unavailable — ${loaded.unavailable}`);
    continue;
  }
  sessions.push(loaded);
  notes.push(`${name} ${loaded.version}: ${JSON.stringify(loaded.settings)}`);
  impls.push({ name, setup: true, run: (q, k, v, causal) => loaded.forward(q, k, v, { causal }) });
}

console.log(`attnkit vs peers · one head, d = ${d}, fp32 · ${machineLine()}`);
console.log(loadLine());
for (const note of notes) console.log(`  ${note}`);

const maxAbsDiff = (a: Float32Array, b: Float32Array) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
const errorLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/**
 * Interleaved rounds (a, b, c, a, b, c, …) so load from other processes falls on every
 * implementation alike. The untimed first call builds peer sessions and masks and warms JITs.
 * Beyond N = 4096 attnkit's first call is its only (timed) one, since it builds nothing per
 * shape and shorter N warmed the JIT; peers get one more, timed, call after their setup.
 */
async function timeAll(n: number, causal: boolean, q: Tensor, k: Tensor, v: Tensor) {
  const rounds = Number(process.env.ROUNDS) || (n <= 1024 ? 7 : n <= 4096 ? 3 : 1);
  const state = impls.map((impl) => ({
    impl,
    samples: [] as number[],
    out: null as Float32Array | null,
    error: '',
  }));
  for (const s of state) {
    const t0 = performance.now();
    try {
      s.out = await s.impl.run(q, k, v, causal);
      if (n > 4096 && !s.impl.setup) s.samples.push(performance.now() - t0);
    } catch (e) {
      s.error = errorLine(e);
    }
  }
  for (let round = 0; round < rounds; round++)
    for (const s of state) {
      // beyond 4096 attnkit's first call was one of its `rounds` samples
      if (s.error || (n > 4096 && !s.impl.setup && round === rounds - 1)) continue;
      const t0 = performance.now();
      await s.impl.run(q, k, v, causal);
      s.samples.push(performance.now() - t0);
    }
  return state;
}

const rows: (string | number)[][] = [];
for (const n of lengths) {
  const { q, k, v } = oneHead(n, d);
  for (const causal of [false, true]) {
    const pairs = causal ? (n * (n + 1)) / 2 : n * n;
    const state = await timeAll(n, causal, q, k, v);
    const reference = state[0].out;
    const base = state.find((s) => s.impl.name === BASELINE);
    const baseMs = base && !base.error ? median(base.samples) : Number.NaN;
    for (const s of state) {
      if (s.error) {
        rows.push([
          n,
          causal ? 'yes' : 'no',
          s.impl.name,
          'failed',
          '',
          '',
          '',
          s.error.slice(0, 60),
        ]);
        continue;
      }
      const ms = median(s.samples);
      const diff = reference && s.out ? maxAbsDiff(s.out, reference) : Number.NaN;
      rows.push([
        n,
        causal ? 'yes' : 'no',
        s.impl.name,
        ms.toFixed(1),
        s.samples.length,
        ((4 * pairs * d) / (ms * 1e6)).toFixed(2),
        Number.isNaN(baseMs) ? '–' : (baseMs / ms).toFixed(2),
        s === state[0] ? '(baseline)' : diff.toExponential(1),
      ]);
    }
    console.log(`N = ${n} causal ${causal}: done`);
  }
}
console.log(
  `\nmedian ms of interleaved rounds (ROUNDS, default 7 at N <= 1024, 3 at 4096, 1 beyond, after an untimed set-up call); × ${BASELINE} = its time / this time`,
);
console.log(
  table(
    [
      'N',
      'causal',
      'implementation',
      'median ms',
      'runs',
      'GFLOP/s',
      `× ${BASELINE}`,
      'max |Δ| vs attnkit full',
    ],
    rows,
  ),
);
for (const s of sessions) await s.dispose();
