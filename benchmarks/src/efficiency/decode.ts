/**
 * The decode table: one decoder step at each context length (B = 1, H = 8, Hkv = 2, d = 64,
 * a typical GQA model) in tokens/s, the bytes the step must read, and a memory-bandwidth
 * control timed in the same rounds: a streaming wasm read of those bytes. KV-cache decoders
 * reach a context through `prefill` (keys and values appended, nothing attended); the others
 * step their way there, their state being bounded. Bytes read: the keys and values the step's
 * queries see, once per kv head (exact variants, from cost()), or the state (linear).
 */

import { logLogSlope } from '@attnkit/cli/lib';
import { type AttentionDecoder, randn, type Tensor } from '@attnkit/core';
import { getKernels } from '@attnkit/kernels';
import { median, pairedRatio } from '../lib/interleaved.ts';
import { streamingRead } from './gemm-ceiling.ts';
import { variantOf } from './specs.ts';

const [B, H, Hkv, D] = [1, 8, 2, 64];
const WARM_UP = 4;
const SHAPE = { batch: B, heads: H, kvHeads: Hkv, headDim: D, valueDim: D };

export interface DecodeRow {
  spec: string;
  context: number;
  stepMs: number;
  tokensPerSecond: number;
  bytesRead: number;
  /** Paired per-round median of step time ÷ control time. */
  ofControl: number;
}

type Prefillable = AttentionDecoder & { prefill?: (k: Tensor, v: Tensor) => void };

function bytesRead(spec: string, context: number): number {
  const variant = variantOf(spec);
  if (!variant.traits.exact) {
    const m = Number((variant.config as { features?: number }).features ?? D);
    const isFavor = (variant.config as { featureMap?: string }).featureMap === 'favor';
    return 4 * B * Hkv * (isFavor ? m : D) * (D + 1);
  }
  const shape = { ...SHAPE, queryLength: 1, keyLength: context };
  const pairs = variant.cost(shape, { causal: true }).flops / (2 * (D + D));
  return (4 * pairs * (D + D)) / (H / Hkv);
}

/** Advances `dec` from its position to `to` positions. */
function advance(dec: Prefillable, to: number, steps: Tensor[][]): void {
  while (dec.position < to) {
    const n = Math.min(16384, to - dec.position);
    if (dec.prefill) {
      dec.prefill(randn([B, Hkv, n, D], dec.position), randn([B, Hkv, n, D], dec.position + 1));
      continue;
    }
    for (let t = 0; t < n; t++) {
      const [q, k, v] = steps[(dec.position + t) % steps.length];
      dec.step(q, k, v);
    }
  }
}

export function measureDecode(
  specs: string[],
  contexts: number[],
  rounds: number,
): { rows: DecodeRow[]; exponents: Record<string, number> } {
  const steps = Array.from({ length: 32 }, (_, i) => [
    randn([B, H, 1, D], 100 + i),
    randn([B, Hkv, 1, D], 200 + i),
    randn([B, Hkv, 1, D], 300 + i),
  ]);
  const kernels = getKernels('auto');
  const rows: DecodeRow[] = [];
  const exponents: Record<string, number> = {};
  for (const spec of specs) {
    const dec = variantOf(spec).decoder?.(SHAPE) as Prefillable | undefined;
    if (!dec) continue;
    const mine: DecodeRow[] = [];
    for (const context of contexts) {
      // Warm-up steps at this context (JIT, first touch of grown memory), then the timed rounds.
      advance(dec, context - 1 - rounds - WARM_UP, steps);
      for (let w = 0; w < WARM_UP; w++) dec.step(...(steps[w] as [Tensor, Tensor, Tensor]));
      const bytes = bytesRead(spec, context);
      const control = streamingRead(kernels, bytes / 4);
      control();
      const wall: Record<string, number[]> = { step: [], control: [] };
      for (let r = 0; r < rounds; r++) {
        const [q, k, v] = steps[r % steps.length];
        let t0 = performance.now();
        dec.step(q, k, v);
        wall.step.push(performance.now() - t0);
        t0 = performance.now();
        control();
        wall.control.push(performance.now() - t0);
      }
      const stepMs = median(wall.step);
      mine.push({
        spec,
        context,
        stepMs,
        tokensPerSecond: 1000 / stepMs,
        bytesRead: bytes,
        ofControl: pairedRatio(wall, 'step', 'control'),
      });
    }
    exponents[spec] = logLogSlope(
      mine.map((r) => r.context),
      mine.map((r) => r.stepMs),
    );
    rows.push(...mine);
    console.log(`  decode ${spec} done`);
  }
  return { rows, exponents };
}
