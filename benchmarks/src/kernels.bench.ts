/**
 * Kernels: per-primitive throughput on every backend this runtime validates (relaxed-SIMD,
 * SIMD128, js), then full attention end to end, js vs wasm (one head, d = 64, non-causal; b h n d
 * = 1 1 N 64). GFLOP/s counts 2·m·n·k for the matrix tiles and 4·N²·d for attention; softmax
 * rows are reported in G elements/s (one exp each). Both call shapes variants make are timed:
 * 64×64 tiles (chunked, online softmax) and 64×Nk rows (full's blocked loop).
 * Run: pnpm --filter @attnkit/benchmarks bench:kernels   (N=1024,4096 and PRIMS=0 to shorten)
 */

import { chunked } from '@attnkit/chunked';
import { createRng } from '@attnkit/core';
import { full } from '@attnkit/full';
import { availableBackends, type Kernels } from '@attnkit/kernels';
import { gflops, loadLine, machineLine, measure, table } from './lib/measure.ts';
import { oneHead } from './lib/one-head.ts';

const lengths = (process.env.N ?? '1024,4096,16384')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const jsMaxN = Number(process.env.JS_MAX_N ?? 16384);
const d = 64;
const rng = createRng(5);
console.log(`kernels · ${machineLine()} · ${loadLine()}`);

/** A workspace of `n` random floats on backend `k` (the js one is a plain array). */
function filled(k: Kernels, n: number): Float32Array {
  const ws = k.workspace(n);
  for (let i = 0; i < n; i++) ws[i] = rng.normal();
  return ws;
}

interface Prim {
  name: string;
  work: number; // flops, or elements for softmax
  unit: 'GFLOP/s' | 'Gelem/s';
  size: number; // floats of workspace
  run(k: Kernels, ws: Float32Array): void;
}
const R = 64;
const prims: Prim[] = [];
for (const cols of [64, 4096]) {
  const [Q, K, S] = [0, R * d, R * d + cols * d];
  prims.push({
    name: `scoreTile ${R}×${cols}×${d}`,
    work: 2 * R * cols * d,
    unit: 'GFLOP/s',
    size: S + R * cols,
    run: (k, ws) => k.scoreTile(ws, Q, ws, K, ws, S, R, cols, d, cols, 0.125),
  });
  const [P, V, A] = [0, R * cols, R * cols + cols * d];
  prims.push({
    name: `pvTile ${R}×${cols}×${d}`,
    work: 2 * R * cols * d,
    unit: 'GFLOP/s',
    size: A + R * d,
    run: (k, ws) => k.pvTile(ws, P, R, cols, cols, ws, V, d, ws, A),
  });
  prims.push({
    name: `softmaxRows ${R}×${cols}`,
    work: R * cols,
    unit: 'Gelem/s',
    size: R * cols,
    // Scores stay in a realistic range: each run re-normalises the previous output.
    run: (k, ws) => k.softmaxRows(ws, 0, R, cols, cols),
  });
}
{
  const [S, M, L, A] = [0, R * R, R * R + R, R * R + 2 * R];
  prims.push({
    name: `onlineSoftmax ${R}×${R}, dv ${d}`,
    work: R * R,
    unit: 'Gelem/s',
    size: A + R * d,
    run: (k, ws) => k.onlineSoftmax(ws, S, R, R, R, ws, M, ws, L, ws, A, d),
  });
  const [Ag, B, C] = [0, R * d, R * d + d * d];
  prims.push({
    name: `gemm ${R}×${d}×${d}`,
    work: 2 * R * d * d,
    unit: 'GFLOP/s',
    size: C + R * d,
    run: (k, ws) => k.gemm(ws, Ag, d, ws, B, d, ws, C, d, R, d, d),
  });
  prims.push({
    name: `gemmTransA ${d}×${R}ᵀ×${d}`,
    work: 2 * R * d * d,
    unit: 'GFLOP/s',
    size: C + R * d,
    run: (k, ws) => k.gemmTransA(ws, Ag, R, ws, B, d, ws, C, d, R, d, d),
  });
}

if (process.env.PRIMS !== '0') {
  const backends = availableBackends();
  const js = backends.find((b) => b.name === 'js') as Kernels;
  const rows: (string | number)[][] = [];
  for (const p of prims) {
    const jsWs = filled(js, p.size);
    const base = await measure(`${p.name} js`, () => p.run(js, jsWs), { time: 200 });
    for (const k of backends) {
      const ws = k === js ? jsWs : filled(k, p.size);
      const m =
        k === js ? base : await measure(`${p.name} ${k.name}`, () => p.run(k, ws), { time: 200 });
      const rate = gflops(p.work, m.medianMs);
      rows.push([
        p.name,
        k.name,
        (m.medianMs * 1e3).toFixed(1),
        rate.toFixed(2),
        p.unit,
        (base.medianMs / m.medianMs).toFixed(1),
      ]);
    }
  }
  console.log(table(['primitive', 'backend', 'median µs', 'rate', 'unit', '× js'], rows));
}

/** One timed call, for the js baseline at lengths where a tinybench run would take minutes. */
async function once(name: string, fn: () => unknown) {
  const t = performance.now();
  fn();
  return { name, medianMs: performance.now() - t, madMs: 0, samples: 1 };
}

const rows: (string | number)[][] = [];
for (const n of lengths) {
  const { q, k, v } = oneHead(n, d);
  const flops = 4 * n * n * d;
  const time = n >= 16384 ? 1 : 800;
  const iterations = n >= 16384 ? 2 : 4;
  const runs = [
    ['full', 'wasm', full({ backend: 'wasm' })],
    ['chunked', 'wasm', chunked({ backend: 'wasm' })],
    ['full', 'js', full({ backend: 'js' })],
  ] as const;
  let baseMs = 0;
  const measured = [];
  for (const [variant, backend, f] of runs) {
    if (backend === 'js' && n > jsMaxN) continue;
    const label = `${variant} (${backend}) N=${n}`;
    const m =
      backend === 'js' && n >= 16384
        ? await once(label, () => f.forward(q, k, v))
        : await measure(label, () => f.forward(q, k, v), { time, iterations });
    if (backend === 'js') baseMs = m.medianMs;
    measured.push([variant, backend, m] as const);
  }
  for (const [variant, backend, m] of measured)
    rows.push([
      n,
      `${variant} (${backend})`,
      m.medianMs.toFixed(1),
      gflops(flops, m.medianMs).toFixed(2),
      m.samples,
      baseMs ? (baseMs / m.medianMs).toFixed(1) : '—',
    ]);
}
console.log(table(['N', 'attention', 'median ms', 'GFLOP/s', 'samples', '× full (js)'], rows));
