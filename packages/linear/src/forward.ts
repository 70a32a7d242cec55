/**
 * The fast path of linear attention (b h n d, m features): q, k, v staged once, √scale·ωᵀ and a
 * row of ones written to scratch, then the bidirectional form φ(Q)(φ(K)ᵀV) or, causal, the
 * chunked form (causal-chunks.ts).
 */
import type { ResolvedCall, Tensor } from '@attnkit/core';
import { type Kernels, stagedForward } from '@attnkit/kernels';
import { attendBidirectional } from './bidirectional.ts';
import { attendCausal } from './causal-chunks.ts';
import { linearScratch } from './cost.ts';
import {
  type Directions,
  type FeatureSettings,
  featureCount,
  normaliserEpsilon,
  writeOmegaT,
} from './feature-map.ts';
import { scratchLayout } from './scratch.ts';

export function forwardLinear(
  kernels: Kernels,
  settings: FeatureSettings,
  dirs: Directions | null,
  call: ResolvedCall,
  q: Tensor,
  k: Tensor,
  v: Tensor,
  chunk: number,
): Tensor {
  const { headDim: D, valueDim: Dv } = call.shape;
  const m = featureCount(settings, D);
  const favor = settings.featureMap === 'favor';
  const scratch = linearScratch(settings, call.shape, chunk, call.causal);
  return stagedForward(kernels, call.shape, q, k, v, scratch, (st) => {
    const lay = scratchLayout(favor, D, m, Dv, chunk, call.causal, st.scratchOff);
    if (dirs) writeOmegaT(dirs, D, m, call.scale, st.scratch, lay.omegaT);
    st.scratch.fill(1, lay.ones, lay.ones + chunk);
    const fm = {
      kernels,
      kind: settings.featureMap,
      d: D,
      m,
      scale: call.scale,
      omegaT: st.scratch,
      omegaTOff: lay.omegaT,
      keyOffset: dirs?.keyOffset ?? 0,
      floor: favor ? settings.stabilizer : 0,
    };
    const attend = call.causal ? attendCausal : attendBidirectional;
    attend(call, st, fm, lay, chunk, normaliserEpsilon(settings));
  });
}
