import {
  type AttentionDecoder,
  assertBiasFits,
  type DecoderOptions,
  type DecoderShape,
  decoderRangeGuard,
  resolveScale,
  validateDecoderShape,
  validateDecoderStep,
  validateScoreBias,
} from '@attnkit/core';
import { applyScoreBias, type Kernels, stageCall } from '@attnkit/kernels';
import type { Band } from './config.ts';
import { dilateBias } from './dilated-bias.ts';

export interface LocalWindowDecoder extends AttentionDecoder {
  /** Ring slots per kv head: grows to left·dilation + 1, then stays there however long the decode. */
  readonly capacity: number;
}

/**
 * Causal decoding (b h 1 d) with a ring buffer of the last left·dilation + 1 keys and values per
 * kv head: step t writes slot t mod capacity, gathers the keys t − m·d (0 <= m <= left) in
 * position order, and attends the one query to them — the causal forward's band for row t.
 * The ring starts small and doubles until it reaches its bound, so a short decode with a huge
 * window does not reserve the whole window up front.
 */
export function ringDecoder(
  kernels: Kernels,
  shape: DecoderShape,
  band: Band,
  options: DecoderOptions = {},
  refuseOver: (predictedBytes: number, argument: string) => void = () => {},
): LocalWindowDecoder {
  const dims = validateDecoderShape(shape);
  const { batch: B, heads: H, kvHeads: Hkv, headDim: D, valueDim: Dv } = dims;
  const range = decoderRangeGuard(dims);
  const bias = options.scoreBias === undefined ? null : validateScoreBias(options.scoreBias, H);
  const scale = resolveScale(options.scale, D);
  const d = band.dilation;
  // Per residue class of the query's position: the bias in unit coordinates (itself if d = 1).
  const classBias = Array.from({ length: d }, (_, r) => (bias ? dilateBias(bias, d, r) : null));
  const bound = band.left * d + 1;
  const group = H / Hkv;
  let position = 0;
  let capacity = 0;
  let keys = new Float32Array(0);
  let values = new Float32Array(0);
  let kSeen = new Float32Array(0);
  let vSeen = new Float32Array(0);

  const grow = () => {
    // Only while nothing has wrapped: slot = position, so rows keep their index.
    const next = Math.min(bound, Math.max(8, capacity * 2));
    // The grown ring, the old one while copying, and the gathered band of one step.
    const seenMax = Math.min(next, band.left + 1);
    refuseOver(4 * B * Hkv * (D + Dv) * (next + capacity + seenMax), 'decoder step (ring buffer)');
    const k2 = new Float32Array(B * Hkv * next * D);
    const v2 = new Float32Array(B * Hkv * next * Dv);
    for (let bh = 0; bh < B * Hkv; bh++) {
      k2.set(keys.subarray(bh * capacity * D, (bh + 1) * capacity * D), bh * next * D);
      v2.set(values.subarray(bh * capacity * Dv, (bh + 1) * capacity * Dv), bh * next * Dv);
    }
    keys = k2;
    values = v2;
    capacity = next;
  };

  return {
    get position() {
      return position;
    },
    get capacity() {
      return capacity;
    },
    step(q, k, v) {
      validateDecoderStep(dims, q, k, v);
      range.check(q, k, v, scale);
      if (bias) assertBiasFits(bias, position + 1, position + 1);
      if (position >= capacity && capacity < bound) grow();
      const slot = position % capacity;
      for (let bh = 0; bh < B * Hkv; bh++) {
        keys.set(k.data.subarray(bh * D, (bh + 1) * D), (bh * capacity + slot) * D);
        values.set(v.data.subarray(bh * Dv, (bh + 1) * Dv), (bh * capacity + slot) * Dv);
      }
      const seen = Math.min(band.left, Math.floor(position / d)) + 1;
      if (kSeen.length < B * Hkv * seen * D) {
        kSeen = new Float32Array(B * Hkv * seen * D);
        vSeen = new Float32Array(B * Hkv * seen * Dv);
      }
      for (let bh = 0; bh < B * Hkv; bh++)
        for (let c = 0; c < seen; c++) {
          const from = (position - (seen - 1 - c) * d) % capacity;
          const kRow = (bh * capacity + from) * D;
          const vRow = (bh * capacity + from) * Dv;
          kSeen.set(keys.subarray(kRow, kRow + D), (bh * seen + c) * D);
          vSeen.set(values.subarray(vRow, vRow + Dv), (bh * seen + c) * Dv);
        }
      position++;
      const st = stageCall(kernels, q.data, kSeen, vSeen, B * H * Dv, seen);
      for (let b = 0; b < B; b++)
        for (let h = 0; h < H; h++) {
          const kv = b * Hkv + Math.floor(h / group);
          const row = b * H + h;
          kernels.scoreTile(
            st.q,
            st.qOff + row * D,
            st.k,
            st.kOff + kv * seen * D,
            st.scratch,
            st.scratchOff,
            1,
            seen,
            D,
            seen,
            scale,
          );
          // The seen keys are positions t − (seen − 1 − c)·d: in units of the query's residue
          // class r = t mod d (unit x is position r + x·d) the query is unit (t − r)/d and key c
          // is unit (t − r)/d − (seen − 1 − c).
          const t = position - 1;
          const unitBias = classBias[t % d];
          if (unitBias) {
            const unit = (t - (t % d)) / d;
            applyScoreBias(
              kernels,
              unitBias,
              st.scratch,
              st.scratchOff,
              1,
              seen,
              seen,
              b,
              h,
              unit,
              unit - seen + 1,
              0,
            );
          }
          kernels.softmaxRows(st.scratch, st.scratchOff, 1, seen, seen);
          kernels.pvTile(
            st.scratch,
            st.scratchOff,
            1,
            seen,
            seen,
            st.v,
            st.vOff + kv * seen * Dv,
            Dv,
            st.out,
            st.outOff + row * Dv,
          );
        }
      return { data: st.result(), shape: [B, H, 1, Dv] };
    },
    reset() {
      position = 0;
      range.reset();
    },
  };
}
