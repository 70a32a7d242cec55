/**
 * The fast path of linear attention (b h n d, m features): √scale·ωᵀ and a row of ones written
 * to scratch, then the bidirectional form φ(Q)(φ(K)ᵀV) or, causal, the chunked form
 * (causal-chunks.ts). Rows stream through the kernels a chunk at a time (`pieces`): the call
 * holds its output and O(chunk·(m + d)) scratch, never a staged copy of q, k, v.
 */
import type { ResolvedCall, Tensor } from '@attnkit/core';
import { type Kernels, pieces } from '@attnkit/kernels';
import { attendBidirectional } from './bidirectional.ts';
import { attendCausal } from './causal-chunks.ts';
import {
  type Directions,
  type FeatureSettings,
  featureCount,
  normaliserEpsilon,
  writeOmegaT,
} from './feature-map.ts';
import { type LinearIo, openPass } from './pass.ts';
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
  const { batch: B, heads: H, queryLength: Nq, headDim: D, valueDim: Dv } = call.shape;
  const m = featureCount(settings, D);
  const favor = settings.featureMap === 'favor';
  const lay = scratchLayout(favor, D, m, Dv, chunk, call.causal);
  const out = new Float32Array(B * H * Nq * Dv);
  const io: LinearIo = { q: q.data, k: k.data, v: v.data, out };
  const p = pieces(kernels, lay.total);
  if (dirs) writeOmegaT(dirs, D, m, call.scale, p.ws, lay.omegaT);
  p.ws.fill(1, lay.ones, lay.ones + chunk);
  const fm = {
    kernels,
    kind: settings.featureMap,
    d: D,
    m,
    scale: call.scale,
    omegaT: p.ws,
    omegaTOff: lay.omegaT,
    keyOffset: dirs?.keyOffset ?? 0,
    floor: favor ? settings.stabilizer : 0,
  };
  const attend = call.causal ? attendCausal : attendBidirectional;
  attend(openPass(call, io, p, fm, lay, chunk, normaliserEpsilon(settings)));
  return { data: out, shape: [B, H, Nq, Dv] };
}
