import {
  AttentionError,
  type AttentionVariant,
  FLOAT32_SCORE_LIMIT,
  randn,
  referenceAttention,
  type ScoreBias,
  type Tensor,
} from '@attnkit/core';
import { assertClose } from '@attnkit/core/testing';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from './backends.ts';
import { makeSubject, type VariantName } from './subjects.ts';

const EXACT: [VariantName, Record<string, unknown>][] = [
  ['full', { queryBlock: 5 }],
  ['chunked', { queryBlock: 4, keyBlock: 3 }],
  ['local-window', { window: 4, block: 3 }],
  ['sparse', { pattern: 'bigbird', block: 3 }],
];
const [B, H, N, D] = [1, 2, 11, 8];
const shape = {
  batch: B,
  heads: H,
  kvHeads: H,
  queryLength: N,
  keyLength: N,
  headDim: D,
  valueDim: D,
};

/** The map of weights() as dense rows. */
function dense(v: AttentionVariant, q: Tensor, k: Tensor, options: object): Float32Array {
  const w = v.weights!(q, k, options);
  if (w.kind === 'dense') return w.data;
  const out = new Float32Array(B * H * N * N);
  for (let r = 0; r < B * H * N; r++)
    for (let p = w.rowPtr[r]; p < w.rowPtr[r + 1]; p++) out[r * N + w.colIdx[p]] = w.values[p];
  return out;
}

function decode(
  v: AttentionVariant,
  q: Tensor,
  k: Tensor,
  x: Tensor,
  options: object,
): Float32Array {
  const dec = v.decoder!({ batch: B, heads: H, kvHeads: H, headDim: D, valueDim: D }, options);
  const out = new Float32Array(B * H * N * D);
  const row = (t: Tensor, i: number) => {
    const data = new Float32Array(H * D);
    for (let h = 0; h < H; h++)
      data.set(t.data.subarray((h * N + i) * D, (h * N + i + 1) * D), h * D);
    return { data, shape: [B, H, 1, D] };
  };
  for (let i = 0; i < N; i++) {
    const y = dec.step(row(q, i), row(k, i), row(x, i));
    for (let h = 0; h < H; h++) out.set(y.data.subarray(h * D, (h + 1) * D), (h * N + i) * D);
  }
  return out;
}

// Class 3: −∞ from a bias function masks the key, the same on every backend, in forward, weights()
// and the decoder: the answer equals the reference with that key masked out.
describe('score-bias contract: −Infinity masks the key', () => {
  const masked = (h: number, i: number, j: number) => (i + 2 * j + h) % 3 === 0 && j !== i;
  const bias: ScoreBias = {
    kind: 'function',
    fn: (_b, h, i, j) => (masked(h, i, j) ? Number.NEGATIVE_INFINITY : 0.1 * (i - j)),
  };
  const q = randn([B, H, N, D], 1);
  const k = randn([B, H, N, D], 2);
  const x = randn([B, H, N, D], 3);
  for (const [name, config] of EXACT)
    for (const backend of BACKENDS)
      it(`${name} (${backend}): forward, weights() and decoder`, () => {
        const s = makeSubject(name, { ...config, backend });
        for (const causal of [false, true]) {
          const own = s.mask(shape, { causal });
          const mask = (b: number, h: number, i: number, j: number) =>
            !masked(h, i, j) && (own ? own(b, h, i, j) : true);
          const ref = referenceAttention(
            q,
            k,
            x,
            { causal, mask, bias: (_b, _h, i, j) => 0.1 * (i - j) },
            true,
          );
          assertClose(
            s.variant.forward(q, k, x, { causal, scoreBias: bias }).data,
            ref.output.data,
          );
          assertClose(dense(s.variant, q, k, { causal, scoreBias: bias }), ref.weights!.data);
          if (causal) assertClose(decode(s.variant, q, k, x, { scoreBias: bias }), ref.output.data);
        }
      });
  it('a row whose keys are all masked by the bias yields zeros, never NaN', () => {
    const all: ScoreBias = {
      kind: 'function',
      fn: (_b, _h, i) => (i === 4 ? Number.NEGATIVE_INFINITY : 0),
    };
    for (const [name, config] of EXACT)
      for (const backend of BACKENDS) {
        const out = makeSubject(name, { ...config, backend }).variant.forward(q, k, x, {
          scoreBias: all,
        });
        expect(out.data.subarray(4 * D, 5 * D).every((y) => y === 0)).toBe(true);
        expect(out.data.every(Number.isFinite)).toBe(true);
      }
  });
});

// Class 4: inputs whose scores stay under the bound get the right answer on every backend; past it,
// a typed error names the row. The bound is max(1, scale)·‖q_i‖·max‖k_j‖ <= 2^126.
describe('float32 score range: right answer below the bound, a named refusal above it', () => {
  const unit = (seed: number, n = N) => {
    const t = randn([B, H, n, D], seed);
    for (let r = 0; r < B * H * n; r++) {
      let s = 0;
      for (let i = 0; i < D; i++) s += t.data[r * D + i] ** 2;
      for (let i = 0; i < D; i++) t.data[r * D + i] /= Math.sqrt(s);
    }
    return t;
  };
  const times = (t: Tensor, c: number): Tensor => ({
    data: t.data.map((y) => y * c),
    shape: t.shape,
  });
  const x = randn([B, H, N, D], 3);
  for (const [name, config] of EXACT)
    for (const backend of BACKENDS) {
      const s = makeSubject(name, { ...config, backend });
      it(`${name} (${backend}): scores near 2^125 are exact softmax (one-hot rows)`, () => {
        const q = times(unit(1), 2 ** 62);
        const k = times(unit(2), 2 ** 62);
        const options = { scale: 1 };
        const mask = s.mask(shape, options);
        const ref = referenceAttention(q, k, x, { ...options, mask }).output.data;
        assertClose(s.variant.forward(q, k, x, options).data, ref, { atol: 2e-5 });
      });
      it(`${name} (${backend}): q, k near 1e20 and scale 1e30 are refused naming the row`, () => {
        const big = () => s.variant.forward(times(unit(1), 1e20), times(unit(2), 1e20), x);
        expect(big).toThrow(AttentionError);
        expect(big).toThrow(/q\[0, 0, 0\] \(query row\).*2\^126/);
        const scaled = () =>
          s.variant.forward(times(unit(1), 1e5), times(unit(2), 1e5), x, { scale: 1e30 });
        expect(scaled).toThrow(/NON_FINITE|query row/);
      });
    }
  it('the bound is exactly 2^126', () => expect(FLOAT32_SCORE_LIMIT).toBe(2 ** 126));
});
