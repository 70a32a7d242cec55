/**
 * A test-only exact attention variant built on the js kernels (b h n d), so the pool's tests
 * need no variant package. It tiles queries by `queryBlock`
 * against every visible key, like @attnkit/full. `fail` makes forward misbehave inside a
 * worker: 'throw' an AttentionError, 'error' a plain Error, 'exit' the worker thread,
 * 'oom' allocate until the worker's heap limit stops it, 'hang' forever.
 */
import {
  AttentionError,
  type AttentionOptions,
  type AttentionVariant,
  configEnum,
  configInteger,
  rejectUnknownKeys,
  type Tensor,
  validateCall,
} from '@attnkit/core';
import { jsKernels as K } from '@attnkit/kernels';

export interface TinyConfig {
  queryBlock?: number;
  fail?: 'none' | 'throw' | 'error' | 'exit' | 'oom' | 'hang';
}

const TRAITS = {
  exact: true,
  causal: true,
  crossAttention: true,
  keyLengths: true,
  weights: false,
  decoder: false,
  querySplit: true,
  complexity: { time: 'O(N²·D)', memory: 'O(queryBlock·N)' },
} as const;

export function tiny(config: TinyConfig = {}): AttentionVariant {
  rejectUnknownKeys(config, ['queryBlock', 'fail'], 'tiny');
  const queryBlock = configInteger(config.queryBlock, 'tiny config.queryBlock', 16);
  const fail = configEnum(
    config.fail,
    'tiny config.fail',
    ['none', 'throw', 'error', 'exit', 'oom', 'hang'],
    'none',
  );
  const forward = (q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): Tensor => {
    const call = validateCall(q, k, v, options, TRAITS, 'tiny');
    // The pool only calls forward inside workers, so 'exit' ends a worker, not the tests.
    if (fail !== 'none') misbehave(fail);
    const {
      batch: B,
      heads: H,
      kvHeads: Hkv,
      queryLength: Nq,
      keyLength: Nk,
      headDim: D,
      valueDim: Dv,
    } = call.shape;
    const out = new Float32Array(B * H * Nq * Dv);
    const s = new Float32Array(queryBlock * Nk);
    for (let b = 0; b < B; b++)
      for (let h = 0; h < H; h++) {
        const hk = Math.floor(h / (H / Hkv));
        for (let i0 = 0; i0 < Nq; i0 += queryBlock) {
          const rows = Math.min(queryBlock, Nq - i0);
          const last = i0 + rows - 1;
          const kl = call.keyLengths[b];
          const cols = call.causal ? Math.min(kl, Math.max(0, last + call.causalOffset + 1)) : kl;
          if (cols === 0) continue;
          K.scoreTile(
            q.data,
            ((b * H + h) * Nq + i0) * D,
            k.data,
            (b * Hkv + hk) * Nk * D,
            s,
            0,
            rows,
            cols,
            D,
            cols,
            call.scale,
          );
          if (call.causal)
            K.maskBand(s, 0, rows, cols, cols, -i0, Number.NEGATIVE_INFINITY, call.causalOffset);
          K.softmaxRows(s, 0, rows, cols, cols);
          K.pvTile(
            s,
            0,
            rows,
            cols,
            cols,
            v.data,
            (b * Hkv + hk) * Nk * Dv,
            Dv,
            out,
            ((b * H + h) * Nq + i0) * Dv,
          );
        }
      }
    return { data: out, shape: [B, H, Nq, Dv] };
  };
  return {
    name: 'tiny',
    backend: 'js',
    config: { queryBlock, fail },
    traits: TRAITS,
    forward,
    cost: () => ({ flops: 0, peakBytes: 0 }),
  };
}

function misbehave(fail: 'throw' | 'error' | 'exit' | 'oom' | 'hang'): never {
  if (fail === 'hang') for (;;);
  if (fail === 'oom') {
    // Plain arrays live on the JS heap, which resourceLimits caps (typed arrays would not).
    const keep: number[][] = [];
    for (;;) keep.push(new Array<number>(1 << 20).fill(keep.length + 0.5));
  }
  if (fail === 'exit') process.exit(3);
  if (fail === 'error') throw new Error('tiny: asked to fail');
  throw new AttentionError('UNSUPPORTED', 'tiny config.fail', "'none'", `'${fail}'`);
}
