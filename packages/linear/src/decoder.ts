/**
 * Causal decoding in O(m·Dv) memory per kv head however many tokens: the state is the running
 * S = Σ φ(k)ᵀv (m × Dv) and z = Σ φ(k) (m), updated by each new key and read by each new query.
 * Runs on the js kernels over its own arrays (the state outlives any one call's workspace).
 * Letters: b batch, h head, d head dim, m features.
 */
import {
  type AttentionDecoder,
  AttentionError,
  type DecoderOptions,
  type DecoderShape,
  describe,
  resolveScale,
  validateDecoderShape,
  validateDecoderStep,
} from '@attnkit/core';
import { jsKernels } from '@attnkit/kernels';
import {
  type Directions,
  type FeatureContext,
  type FeatureSettings,
  featureCount,
  floorNormaliser,
  mapRows,
  normaliserEpsilon,
  writeOmegaT,
} from './feature-map.ts';

/** Bytes a decoder holds: the state (m × Dv) and z (m) per kv head, and √scale·ωᵀ (d × m). */
export function linearDecoderBytes(s: FeatureSettings, shape: DecoderShape): number {
  const { batch: B, kvHeads: Hkv, headDim: D, valueDim: Dv } = shape;
  const m = featureCount(s, D);
  return (
    4 * (B * Hkv * m * (Dv + 1) + (s.featureMap === 'favor' ? D * m : 0) + m + B * shape.heads * Dv)
  );
}

export function linearDecoder(
  s: FeatureSettings,
  dirsFor: (d: number) => Directions | null,
  shape: DecoderShape,
  options: DecoderOptions = {},
): AttentionDecoder {
  const dims = validateDecoderShape(shape);
  const { batch: B, heads: H, kvHeads: Hkv, headDim: D, valueDim: Dv } = dims;
  if (options.scoreBias !== undefined)
    throw new AttentionError(
      'UNSUPPORTED',
      'options.scoreBias',
      'undefined for linear',
      describe(options.scoreBias),
    );
  const scale = resolveScale(options.scale, D);
  const m = featureCount(s, D);
  const dirs = dirsFor(D);
  const omegaT = new Float32Array(dirs ? D * m : 0);
  if (dirs) writeOmegaT(dirs, D, m, scale, omegaT, 0);
  const ctx: FeatureContext = {
    kernels: jsKernels,
    kind: s.featureMap,
    d: D,
    m,
    scale,
    omegaT,
    omegaTOff: 0,
    keyOffset: dirs?.keyOffset ?? 0,
    floor: s.featureMap === 'favor' ? s.stabilizer : 0,
  };
  const eps = normaliserEpsilon(s);
  const state = new Float32Array(B * Hkv * m * Dv);
  const z = new Float32Array(B * Hkv * m);
  const feat = new Float32Array(m);
  const one = Float32Array.of(1);
  const den = new Float32Array(1);
  let position = 0;
  return {
    get position() {
      return position;
    },
    step(q, k, v) {
      validateDecoderStep(dims, q, k, v);
      const k32 = jsKernels;
      for (let bk = 0; bk < B * Hkv; bk++) {
        mapRows(ctx, k.data, bk * D, 1, feat, 0, 'key');
        k32.gemmTransA(feat, 0, m, v.data, bk * Dv, Dv, state, bk * m * Dv, Dv, m, 1, Dv);
        k32.gemmTransA(feat, 0, m, one, 0, 1, z, bk * m, 1, m, 1, 1);
      }
      position++;
      const out = new Float32Array(B * H * Dv);
      const group = H / Hkv;
      for (let bh = 0; bh < B * H; bh++) {
        const bk = Math.floor(bh / H) * Hkv + Math.floor((bh % H) / group);
        mapRows(ctx, q.data, bh * D, 1, feat, 0, 'query');
        k32.gemm(feat, 0, m, state, bk * m * Dv, Dv, out, bh * Dv, Dv, 1, m, Dv);
        den[0] = 0;
        k32.gemm(feat, 0, m, z, bk * m, 1, den, 0, 1, 1, m, 1);
        floorNormaliser(den, 0, 1, eps);
        k32.finalizeRows(out, bh * Dv, den, 0, 1, Dv, out, bh * Dv);
      }
      return { data: out, shape: [B, H, 1, Dv] };
    },
    reset() {
      state.fill(0);
      z.fill(0);
      position = 0;
    },
  };
}
