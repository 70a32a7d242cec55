import { type MaskFn, referenceAttention } from '../reference.ts';
import type { Tensor } from '../tensor.ts';
import type { AttentionOptions, AttentionVariant } from '../types.ts';
import { assertClose, type CloseTolerance } from './compare.ts';
import { type CaseShape, caseName, makeInputs } from './inputs.ts';
import { expect, it } from './peers.ts';
import { SAMPLE_BIASES } from './score-bias-cases.ts';

/**
 * What a variant hands `itChainsTrust`: its naive twin, its fast path and, for exact variants,
 * its mask, so the suite can check reference → naive → fast on the same inputs.
 */
export interface TrustChain {
  /** The variant's naive twin (tests only): plain loops, the same answer by construction. */
  naive(q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions): { data: ArrayLike<number> };
  /** The fast path under test, e.g. one backend of the variant. */
  fast(): AttentionVariant;
  /**
   * The variant's own mask as the reference's dense predicate (exact variants), for a call of
   * this shape; absent when the variant only masks by causal and padding.
   */
  mask?(s: CaseShape, options: AttentionOptions): MaskFn;
  /** false for approximations (linear): naive is then compared with the fast path only. */
  exact?: boolean;
  /** The shapes and options to chain; `chainCases()` gives the usual small set. */
  cases: { s: CaseShape; options?: AttentionOptions }[];
  /** Fast vs naive; default max |err| ≤ 2e-5 as the contract says. */
  tolerance?: CloseTolerance;
}

/**
 * The chain of trust of one variant, as `it` blocks: the float64 reference → its naive twin
 * (exact variants, under the equivalent dense mask) → its fast path (against the naive twin).
 */
export function itChainsTrust(chain: TrustChain): void {
  for (const { s, options = {} } of chain.cases) {
    const label = `${caseName(s)} ${JSON.stringify(options)}`;
    const { q, k, v } = makeInputs(s, s.Nq * 31 + s.Nk);
    if (chain.exact !== false) {
      it(`naive equals the float64 reference: ${label}`, () => {
        const mask = chain.mask?.(s, options);
        const expected = referenceAttention(q, k, v, { ...options, mask }).output.data;
        assertClose(chain.naive(q, k, v, options).data, expected, {
          atol: 1e-9,
          rtol: 1e-9,
          label,
        });
      });
    }
    it(`fast path equals naive: ${label}`, () => {
      const out = chain.fast().forward(q, k, v, options);
      expect(out.shape).toEqual([s.B, s.H, s.Nq, s.Dv]);
      assertClose(out.data, chain.naive(q, k, v, options).data, { ...chain.tolerance, label });
    });
  }
}

/**
 * Small cases every chain runs: self, causal grouped-query, causal cross (Nq < Nk), padding with
 * an empty batch entry, and a score bias; `withBias: false` for variants that refuse biases.
 */
export function chainCases(withBias = true): { s: CaseShape; options?: AttentionOptions }[] {
  const cases: { s: CaseShape; options?: AttentionOptions }[] = [
    { s: { B: 1, H: 2, Hkv: 2, Nq: 37, Nk: 37, D: 8, Dv: 8 } },
    { s: { B: 2, H: 4, Hkv: 2, Nq: 45, Nk: 45, D: 8, Dv: 4 }, options: { causal: true } },
    { s: { B: 1, H: 1, Hkv: 1, Nq: 13, Nk: 50, D: 6, Dv: 5 }, options: { causal: true } },
    {
      s: { B: 2, H: 2, Hkv: 1, Nq: 20, Nk: 29, D: 8, Dv: 8 },
      options: { keyLengths: Int32Array.of(17, 0) },
    },
  ];
  if (withBias)
    cases.push(
      {
        s: { B: 1, H: 3, Hkv: 3, Nq: 33, Nk: 33, D: 8, Dv: 8 },
        options: { causal: true, scoreBias: SAMPLE_BIASES[0].bias },
      },
      {
        s: { B: 1, H: 3, Hkv: 1, Nq: 21, Nk: 30, D: 8, Dv: 8 },
        options: { scoreBias: SAMPLE_BIASES[2].bias },
      },
    );
  return cases;
}
