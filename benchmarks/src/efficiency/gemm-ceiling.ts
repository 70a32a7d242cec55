/**
 * The GEMM ceiling: the kernels' own gemm on a 256 × 256 × 256 product held in the workspace
 * (fits L2, inner blocked by the kernel), the best rate these tiles reach on this core. Every
 * variant's useful GFLOP/s is read against it, measured in the same rounds.
 */
import type { Kernels } from '@attnkit/kernels';

const S = 256;
export const GEMM_FLOPS_PER_CALL = 2 * S * S * S;

/** One call of the ceiling: `reps` GEMMs, so a sample lasts long enough to time. */
export function gemmCeiling(kernels: Kernels, reps = 100): { run: () => void; flops: number } {
  return {
    flops: reps * GEMM_FLOPS_PER_CALL,
    run: () => {
      // The workspace is shared with the variants timed in between: take it afresh each call.
      const ws = kernels.workspace(3 * S * S);
      for (let i = 0; i < 2 * S * S; i++) ws[i] = ((i * 7919) % 13) / 13 - 0.5;
      for (let r = 0; r < reps; r++)
        kernels.gemm(ws, 0, S, ws, S * S, S, ws, 2 * S * S, S, S, S, S);
    },
  };
}
