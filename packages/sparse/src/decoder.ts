import {
  type AttentionDecoder,
  assertBiasFits,
  DEFAULT_MEMORY_BUDGET,
  type DecoderOptions,
  type DecoderShape,
  decoderRangeGuard,
  refuseOverBudget,
  resolveScale,
  validateDecoderShape,
  validateDecoderStep,
  validateScoreBias,
} from '@attnkit/core';
import { applyScoreBias, type Kernels, stageCall } from '@attnkit/kernels';
import type { BlockLayout } from './layout.ts';
import type { Pattern } from './patterns/pattern.ts';

export interface SparseDecoder extends AttentionDecoder {
  /** Key blocks currently held (the rest were freed as unreachable). */
  readonly keptBlocks: number;
}

/**
 * Causal decoding one token at a time (b h n d, n growing). Keys and values are kept per key
 * block and a block is freed once the pattern says no later query block can reach it (window and
 * global patterns free everything else; random, strided and custom patterns keep every block, as
 * a later row may still draw or stride onto any earlier one). Each step attends the new query to
 * the keys of its layout row, the same row the causal forward uses: causal layouts depend on the
 * row alone, so steps equal the causal forward. Work per step O(k·b·D) for k blocks in the row.
 */
export function sparseDecoder(
  kernels: Kernels,
  pattern: Pattern,
  block: number,
  shape: DecoderShape,
  options: DecoderOptions = {},
  memoryBudget = DEFAULT_MEMORY_BUDGET,
): SparseDecoder {
  const dims = validateDecoderShape(shape);
  const { batch: B, heads: H, kvHeads: Hkv, headDim: D, valueDim: Dv } = dims;
  const range = decoderRangeGuard(dims);
  const scale = resolveScale(options?.scale, D);
  const bias = options?.scoreBias === undefined ? null : validateScoreBias(options.scoreBias, H);
  const b = block;
  const group = H / Hkv;
  let length = 0;
  let kStore: (Float32Array | undefined)[] = [];
  let vStore: (Float32Array | undefined)[] = [];
  let layout: BlockLayout | null = null;
  let layoutBlock = -1;

  /** The layout row of query block qb, built as the causal forward would; frees unreachable keys. */
  const enterBlock = (qb: number) => {
    const n = (qb + 1) * b;
    layout = pattern.layout({
      queryLength: n,
      keyLength: n,
      block: b,
      heads: H,
      causal: true,
      firstQueryBlock: qb,
      memoryBudget,
    });
    layoutBlock = qb;
    if (!pattern.reachable) return;
    for (let kb = 0; kb < qb; kb++) {
      if (kStore[kb] && !pattern.reachable(kb, qb, b)) {
        kStore[kb] = undefined;
        vStore[kb] = undefined;
      }
    }
  };

  return {
    get position() {
      return length;
    },
    get keptBlocks() {
      return kStore.filter((x) => x !== undefined).length;
    },
    step(q, k, v) {
      validateDecoderStep(dims, q, k, v);
      range.check(q, k, v, scale);
      if (bias) assertBiasFits(bias, length + 1, length + 1);
      const t = length;
      const qb = Math.floor(t / b);
      const jIn = t - qb * b;
      if (jIn === 0) {
        // The blocks held, the new one, and one step's gathered keys and score row.
        const held = kStore.filter((x) => x !== undefined).length + 1;
        const bytes = 4 * B * Hkv * b * (D + Dv) * (held + 1) + 4 * b * b;
        refuseOverBudget(bytes, memoryBudget, 'decoder step (key blocks)');
        kStore[qb] = new Float32Array(B * Hkv * b * D);
        vStore[qb] = new Float32Array(B * Hkv * b * Dv);
      }
      for (let bh = 0; bh < B * Hkv; bh++) {
        kStore[qb]!.set(k.data.subarray(bh * D, (bh + 1) * D), (bh * b + jIn) * D);
        vStore[qb]!.set(v.data.subarray(bh * Dv, (bh + 1) * Dv), (bh * b + jIn) * Dv);
      }
      length++;
      if (layoutBlock !== qb) enterBlock(qb);
      const lay = layout!;
      const out = new Float32Array(B * H * Dv);
      for (let bi = 0; bi < B; bi++) {
        for (let h = 0; h < H; h++) {
          const bh = bi * Hkv + Math.floor(h / group);
          const r = lay.headIndex(h) * lay.queryBlocks + qb;
          const first = lay.rowPtr[r];
          let last = first;
          let m = 0;
          while (last < lay.rowPtr[r + 1] && lay.colIdx[last] <= qb) {
            m += lay.colIdx[last] === qb ? jIn + 1 : b;
            last++;
          }
          if (m === 0) continue;
          // Gather the row's keys (contiguous for the kernels), then stage them like a forward call.
          const kg = new Float32Array(m * D);
          const vg = new Float32Array(m * Dv);
          let at = 0;
          for (let p = first; p < last; p++) {
            const kb = lay.colIdx[p];
            const cols = kb === qb ? jIn + 1 : b;
            const ks = kStore[kb];
            const vs = vStore[kb];
            if (!ks || !vs)
              throw new Error(
                `sparse decoder: key block ${kb} was freed but is still attended (pattern ${pattern.name})`,
              );
            kg.set(ks.subarray(bh * b * D, (bh * b + cols) * D), at * D);
            vg.set(vs.subarray(bh * b * Dv, (bh * b + cols) * Dv), at * Dv);
            at += cols;
          }
          const qRow = q.data.subarray((bi * H + h) * D, (bi * H + h + 1) * D);
          const st = stageCall(kernels, qRow, kg, vg, Dv, m);
          const S = st.scratchOff;
          kernels.scoreTile(st.q, st.qOff, st.k, st.kOff, st.scratch, S, 1, m, D, m, scale);
          at = 0;
          for (let p = first; p < last; p++) {
            const kb = lay.colIdx[p];
            const cols = kb === qb ? jIn + 1 : b;
            if (bias)
              applyScoreBias(kernels, bias, st.scratch, S + at, 1, cols, m, bi, h, t, kb * b, 0);
            const mask = lay.maskOf[p];
            if (mask >= 0)
              kernels.maskTile(
                st.scratch,
                S + at,
                1,
                cols,
                m,
                lay.masks,
                mask * b * b + jIn * b,
                b,
              );
            at += cols;
          }
          kernels.softmaxRows(st.scratch, S, 1, m, m);
          kernels.pvTile(st.scratch, S, 1, m, m, st.v, st.vOff, Dv, st.out, st.outOff);
          out.set(st.result(), (bi * H + h) * Dv);
        }
      }
      return { data: out, shape: [B, H, 1, Dv] };
    },
    reset() {
      length = 0;
      range.reset();
      kStore = [];
      vStore = [];
      layout = null;
      layoutBlock = -1;
    },
  };
}
