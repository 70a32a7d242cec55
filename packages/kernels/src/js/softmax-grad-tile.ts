import type { KernelSignatures } from '../types.ts';

/**
 * FlashAttention-2's backward step on one tile: with the row's saved log-sum-exp L and
 * D = rowsum(dO ∘ out), turns the score tile S into P = e^(S − L) and the tile dP = dO·Vᵀ into
 * dS = scale · P ∘ (dP − D) (the scale makes dS the gradient of q·k, ready for dS·K and dSᵀ·Q).
 * A row with L = −∞ (it sees no key) becomes zeros in both.
 */
export const softmaxGradTile: KernelSignatures['softmaxGradTile'] = (
  s,
  sOff,
  dp,
  dpOff,
  rows,
  cols,
  ld,
  lse,
  lseOff,
  delta,
  deltaOff,
  scale,
) => {
  for (let r = 0; r < rows; r++) {
    const so = sOff + r * ld;
    const go = dpOff + r * ld;
    const L = lse[lseOff + r];
    if (L === Number.NEGATIVE_INFINITY) {
      s.fill(0, so, so + cols);
      dp.fill(0, go, go + cols);
      continue;
    }
    const d = delta[deltaOff + r];
    for (let c = 0; c < cols; c++) {
      const p = Math.exp(s[so + c] - L);
      s[so + c] = p;
      dp[go + c] = scale * p * (dp[go + c] - d);
    }
  }
};
