/**
 * A KV-cache decoder on the kernels (b h 1 d): the cache lives where the tiles run — on wasm in
 * a private instance's memory, so no other call's workspace overwrites it — and each step
 * attends the new queries straight to it in key blocks with an online softmax. The query heads
 * of one kv head (GQA group) form one tile, so every cached key and value is read once per step:
 * a step's time is one streaming read of the cache plus its FMAs, with no copy of the cache
 * (core's cachedDecoder, which any variant can use, copies it to a contiguous tensor and runs
 * a validated forward on it: about six passes over the cache per step).
 */
import {
  type AttentionDecoder,
  AttentionError,
  assertFinite,
  cachedDecoder,
  type DecoderOptions,
  type DecoderShape,
  decoderRangeGuard,
  describe,
  resolveScale,
  type Tensor,
  validateDecoderShape,
  validateDecoderStep,
} from '@attnkit/core';
import { privateKernels } from './backend.ts';
import type { Kernels } from './types.ts';

/** Keys per tile: a 4 × 256 score tile and 256 rows of V stay in L1. */
const KEY_BLOCK = 256;

/** A KV-cache decoder that also takes a prompt's keys and values at once. */
export interface KvCacheDecoder extends AttentionDecoder {
  /**
   * Appends n positions, k [B, Hkv, n, D] and v [B, Hkv, n, Dv], to the cache without
   * attending them (a prompt whose outputs came from a causal forward): the next step sees them.
   */
  prefill(k: Tensor, v: Tensor): void;
}

/** n of a prefill, after checking k and v against the decoder's shape. */
function validatePrefill(dims: Required<DecoderShape>, k: Tensor, v: Tensor): number {
  const { batch: B, kvHeads: Hkv, headDim: D, valueDim: Dv } = dims;
  const n = k?.shape?.[2];
  const want = (dim: number) => `[${B}, ${Hkv}, n, ${dim}]`;
  const same = (t: Tensor, dim: number) =>
    t?.shape?.length === 4 &&
    t.shape[0] === B &&
    t.shape[1] === Hkv &&
    t.shape[2] === n &&
    t.shape[3] === dim &&
    t.data?.length === B * Hkv * n * dim;
  if (!Number.isInteger(n) || !same(k, D))
    throw new AttentionError('SHAPE_MISMATCH', 'prefill k', want(D), describe(k?.shape));
  if (!same(v, Dv))
    throw new AttentionError(
      'SHAPE_MISMATCH',
      'prefill v',
      `${want(Dv)} with n = ${n}`,
      describe(v?.shape),
    );
  assertFinite(k, 'prefill k');
  assertFinite(v, 'prefill v');
  return n;
}

/** Floats a cache of `capacity` positions and one step's scratch take (see `layout`). */
function layout(shape: Required<DecoderShape>, capacity: number) {
  const { batch: B, heads: H, kvHeads: Hkv, headDim: D, valueDim: Dv } = shape;
  const group = H / Hkv;
  const keys = 0;
  const values = keys + B * Hkv * capacity * D;
  const q = values + B * Hkv * capacity * Dv;
  const s = q + B * H * D;
  const m = s + group * KEY_BLOCK;
  const l = m + group;
  const acc = l + group;
  const out = acc + group * Dv;
  return { keys, values, q, s, m, l, acc, out, total: out + B * H * Dv };
}

/** Bytes the decoder holds at its peak while it grows to `capacity` (old cache copied out). */
export function kvCacheBytes(shape: DecoderShape, capacity: number): number {
  const dims = validateDecoderShape(shape);
  const { batch: B, kvHeads: Hkv, headDim: D, valueDim: Dv } = dims;
  return 4 * (layout(dims, capacity).total + B * Hkv * (capacity / 2) * (D + Dv));
}

/**
 * The decoder of an exact variant. A score bias (ALiBi, relative tables) needs the variant's own
 * tile loop: those decoders keep core's cachedDecoder over `attendCausal`, the variant's causal
 * forward.
 */
export function kvCacheDecoder(
  kernels: Kernels,
  shape: DecoderShape,
  options: DecoderOptions | undefined,
  attendCausal: Parameters<typeof cachedDecoder>[1],
  refuseOver?: (predictedBytes: number, argument: string) => void,
): KvCacheDecoder {
  if (options?.scoreBias !== undefined)
    return Object.assign(cachedDecoder(shape, attendCausal, refuseOver), {
      prefill(): never {
        throw new AttentionError(
          'UNSUPPORTED',
          'prefill(k, v)',
          'a decoder made without options.scoreBias (a bias is applied per attended row)',
          'a decoder with a score bias',
        );
      },
    });
  const dims = validateDecoderShape(shape);
  const { batch: B, heads: H, kvHeads: Hkv, headDim: D, valueDim: Dv } = dims;
  const group = H / Hkv;
  const sc = resolveScale(options?.scale, D);
  // The forward's float32 range check (validateCall), kept step by step: the cached path ran a
  // validated forward per step; this one attends the cache directly.
  const range = decoderRangeGuard(dims);
  const own = privateKernels(kernels);
  let length = 0;
  let capacity = 0;
  let lay = layout(dims, 0);
  let ws = own.workspace(lay.total);
  const grow = (atLeast: number) => {
    let next = Math.max(64, capacity * 2);
    while (next < atLeast) next *= 2;
    refuseOver?.(kvCacheBytes(dims, next), 'decoder step (KV cache)');
    const old = lay;
    const saved = ws.slice(0, old.q);
    lay = layout(dims, next);
    ws = own.workspace(lay.total);
    for (let bk = 0; bk < B * Hkv; bk++) {
      const k0 = old.keys + bk * capacity * D;
      const v0 = old.values + bk * capacity * Dv;
      ws.set(saved.subarray(k0, k0 + length * D), lay.keys + bk * next * D);
      ws.set(saved.subarray(v0, v0 + length * Dv), lay.values + bk * next * Dv);
    }
    capacity = next;
  };
  return {
    get position() {
      return length;
    },
    prefill(k, v) {
      const n = validatePrefill(dims, k, v);
      // Each position goes through the same float32 guard as a step (with no query to bound).
      // A refusal appends nothing to the cache; the guard keeps the rows before it, which can
      // only make a later step refuse sooner, never pass a step that overflows.
      const zeroQ: Tensor = { data: new Float32Array(B * H * D), shape: [B, H, 1, D] };
      const kt: Tensor = { data: new Float32Array(B * Hkv * D), shape: [B, Hkv, 1, D] };
      const vt: Tensor = { data: new Float32Array(B * Hkv * Dv), shape: [B, Hkv, 1, Dv] };
      for (let t = 0; t < n; t++) {
        for (let bk = 0; bk < B * Hkv; bk++) {
          kt.data.set(k.data.subarray((bk * n + t) * D, (bk * n + t + 1) * D), bk * D);
          vt.data.set(v.data.subarray((bk * n + t) * Dv, (bk * n + t + 1) * Dv), bk * Dv);
        }
        range.check(zeroQ, kt, vt, sc);
      }
      if (length + n > capacity) grow(length + n);
      for (let bk = 0; bk < B * Hkv; bk++) {
        ws.set(
          k.data.subarray(bk * n * D, (bk + 1) * n * D),
          lay.keys + (bk * capacity + length) * D,
        );
        ws.set(
          v.data.subarray(bk * n * Dv, (bk + 1) * n * Dv),
          lay.values + (bk * capacity + length) * Dv,
        );
      }
      length += n;
    },
    step(q, k, v) {
      validateDecoderStep(dims, q, k, v);
      range.check(q, k, v, sc);
      if (length === capacity) grow(length + 1);
      for (let bk = 0; bk < B * Hkv; bk++) {
        ws.set(k.data.subarray(bk * D, (bk + 1) * D), lay.keys + (bk * capacity + length) * D);
        ws.set(v.data.subarray(bk * Dv, (bk + 1) * Dv), lay.values + (bk * capacity + length) * Dv);
      }
      length++;
      ws.set(q.data, lay.q);
      for (let bk = 0; bk < B * Hkv; bk++) {
        const h0 = Math.floor(bk / Hkv) * H + (bk % Hkv) * group; // first query head of the group
        ws.fill(Number.NEGATIVE_INFINITY, lay.m, lay.m + group);
        ws.fill(0, lay.l, lay.out);
        for (let j0 = 0; j0 < length; j0 += KEY_BLOCK) {
          const n = Math.min(KEY_BLOCK, length - j0);
          const kOff = lay.keys + (bk * capacity + j0) * D;
          own.scoreTile(ws, lay.q + h0 * D, ws, kOff, ws, lay.s, group, n, D, KEY_BLOCK, sc);
          own.onlineSoftmax(ws, lay.s, group, n, KEY_BLOCK, ws, lay.m, ws, lay.l, ws, lay.acc, Dv);
          const vOff = lay.values + (bk * capacity + j0) * Dv;
          own.pvTile(ws, lay.s, group, n, KEY_BLOCK, ws, vOff, Dv, ws, lay.acc);
        }
        own.finalizeRows(ws, lay.acc, ws, lay.l, group, Dv, ws, lay.out + h0 * Dv);
      }
      return { data: ws.slice(lay.out, lay.out + B * H * Dv), shape: [B, H, 1, Dv] };
    },
    reset() {
      length = 0;
      range.reset();
    },
  };
}
