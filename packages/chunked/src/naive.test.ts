import { type AttentionOptions, referenceAttention, scoreBiasFn, type Tensor } from '@attnkit/core';
import { assertClose, type CaseShape, makeInputs } from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe, expect, it } from 'vitest';
import { chunked } from './chunked.ts';
import { naiveChunked } from './naive.ts';

/** log Σ_j exp(s_ij) over visible keys, float64, straight from the definition. */
function referenceLogSumExp(q: Tensor, k: Tensor, options: AttentionOptions): Float64Array {
  const [B, H, Nq, D] = q.shape;
  const [, Hkv, Nk] = k.shape;
  const scale = options.scale ?? 1 / Math.sqrt(D);
  const out = new Float64Array(B * H * Nq);
  const bias = options.scoreBias ? scoreBiasFn(options.scoreBias, Nq, Nk) : null;
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++)
      for (let i = 0; i < Nq; i++) {
        const hk = Math.floor(h / (H / Hkv));
        const end = Math.min(
          options.keyLengths?.[b] ?? Nk,
          options.causal ? Math.max(0, i + Nk - Nq + 1) : Nk,
        );
        const scores: number[] = [];
        for (let j = 0; j < end; j++) {
          let dot = 0;
          for (let t = 0; t < D; t++)
            dot +=
              q.data[((b * H + h) * Nq + i) * D + t] * k.data[((b * Hkv + hk) * Nk + j) * D + t];
          scores.push(dot * scale + (bias ? bias(b, h, i, j) : 0));
        }
        const m = Math.max(...scores);
        out[(b * H + h) * Nq + i] =
          scores.length === 0
            ? Number.NEGATIVE_INFINITY
            : m + Math.log(scores.reduce((s, x) => s + Math.exp(x - m), 0));
      }
  return out;
}

const CASES: { name: string; s: CaseShape; options: AttentionOptions }[] = [
  { name: 'self', s: { B: 1, H: 2, Hkv: 2, Nq: 70, Nk: 70, D: 16, Dv: 8 }, options: {} },
  {
    name: 'causal GQA',
    s: { B: 2, H: 4, Hkv: 2, Nq: 45, Nk: 45, D: 8, Dv: 8 },
    options: { causal: true },
  },
  {
    name: 'causal cross Nq < Nk',
    s: { B: 1, H: 1, Hkv: 1, Nq: 13, Nk: 50, D: 8, Dv: 4 },
    options: { causal: true },
  },
  {
    name: 'causal cross Nq > Nk',
    s: { B: 1, H: 1, Hkv: 1, Nq: 50, Nk: 13, D: 8, Dv: 4 },
    options: { causal: true },
  },
  {
    name: 'padding incl. empty',
    s: { B: 3, H: 1, Hkv: 1, Nq: 30, Nk: 30, D: 8, Dv: 4 },
    options: { keyLengths: new Int32Array([30, 11, 0]), causal: true },
  },
  {
    name: 'causal cross with ALiBi',
    s: { B: 1, H: 2, Hkv: 1, Nq: 20, Nk: 33, D: 8, Dv: 4 },
    options: {
      causal: true,
      scoreBias: { kind: 'alibi', slopes: Float32Array.from([0.5, 0.125]) },
    },
  },
];
const BLOCKS = [
  { queryBlock: 7, keyBlock: 5 },
  { queryBlock: 64, keyBlock: 64 },
  { queryBlock: 1, keyBlock: 1 },
];

describe('trust chain: reference → naive → fast path', () => {
  for (const c of CASES)
    for (const blocks of BLOCKS) {
      const label = `${c.name}, blocks ${blocks.queryBlock}/${blocks.keyBlock}`;
      it(`naive equals the float64 reference: ${label}`, () => {
        const { q, k, v } = makeInputs(c.s, 3);
        const naive = naiveChunked(q, k, v, c.options, blocks);
        assertClose(naive.output.data, referenceAttention(q, k, v, c.options).output.data, {
          atol: 1e-12,
          label,
        });
        const lse = referenceLogSumExp(q, k, c.options);
        expect(naive.logSumExp.map((x, i) => (x === lse[i] ? 0 : x - lse[i]))).toSatisfy(
          (d: Float64Array) => d.every((x) => Math.abs(x) < 1e-12),
        );
      });
      for (const backend of backendChoices())
        it(`fast path (${backend}) equals naive, output and log-sum-exp: ${label}`, () => {
          const { q, k, v } = makeInputs(c.s, 4);
          const naive = naiveChunked(q, k, v, c.options, blocks);
          const fast = chunked({ ...blocks, backend }).forwardWithLogSumExp(q, k, v, c.options);
          assertClose(fast.output.data, naive.output.data, { label });
          for (let i = 0; i < naive.logSumExp.length; i++) {
            const want = naive.logSumExp[i];
            if (want === Number.NEGATIVE_INFINITY) expect(fast.logSumExp[i]).toBe(want);
            else
              expect(Math.abs(fast.logSumExp[i] - want)).toBeLessThan(1e-5 * (1 + Math.abs(want)));
          }
        });
    }
});
