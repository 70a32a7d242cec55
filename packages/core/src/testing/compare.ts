/** How far `actual` is from `expected`: largest absolute error and relative RMS. */
export interface CloseStats {
  maxAbs: number;
  /** ‖a − e‖₂ / ‖e‖₂ (0 when both are zero). */
  relRms: number;
  worstIndex: number;
  /** Number of NaN or infinite entries in actual or expected. */
  nonFinite: number;
}

/** The error statistics of `actual` against `expected` (equal lengths). */
export function closeStats(actual: ArrayLike<number>, expected: ArrayLike<number>): CloseStats {
  if (actual.length !== expected.length)
    throw new Error(`length ${actual.length} vs expected ${expected.length}`);
  let maxAbs = 0;
  let worstIndex = -1;
  let errSq = 0;
  let refSq = 0;
  let nonFinite = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (!Number.isFinite(a) || !Number.isFinite(e)) {
      nonFinite++;
      if (worstIndex < 0 || Number.isFinite(maxAbs)) worstIndex = i;
      maxAbs = Number.POSITIVE_INFINITY;
      continue;
    }
    const d = Math.abs(a - e);
    if (d > maxAbs) {
      maxAbs = d;
      worstIndex = i;
    }
    errSq += d * d;
    refSq += e * e;
  }
  const relRms =
    refSq === 0 ? (errSq === 0 ? 0 : Number.POSITIVE_INFINITY) : Math.sqrt(errSq / refSq);
  return { maxAbs, relRms, worstIndex, nonFinite };
}

/** Tolerances of `assertClose`. */
export interface CloseTolerance {
  /** Absolute tolerance: |a − e| <= atol + rtol·|e| for every entry. Default 2e-5. */
  atol?: number;
  rtol?: number;
  label?: string;
}

/** Throws with the worst entry unless actual ≈ expected entrywise; NaN on either side fails. */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: CloseTolerance = {},
): CloseStats {
  const { atol = 2e-5, rtol = 0, label = 'values' } = tolerance;
  const stats = closeStats(actual, expected);
  if (stats.nonFinite > 0) {
    const i = stats.worstIndex;
    throw new Error(
      `${label}: ${stats.nonFinite} non-finite entries (first at ${i}: actual ${actual[i]}, expected ${expected[i]})`,
    );
  }
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i];
    if (Math.abs(actual[i] - e) > atol + rtol * Math.abs(e)) {
      throw new Error(
        `${label}: entry ${i} is ${actual[i]}, expected ${e} (|err| ${Math.abs(actual[i] - e).toExponential(3)} > ${atol} + ${rtol}·|e|); max |err| ${stats.maxAbs.toExponential(3)}, rel RMS ${stats.relRms.toExponential(3)}`,
      );
    }
  }
  return stats;
}
