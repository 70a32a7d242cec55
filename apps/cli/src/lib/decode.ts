/**
 * The decode table: one decoder step at each context length (default B = 1, H = 8, Hkv = 2,
 * d = 64, a typical GQA model) in tokens/s, the bytes the step must read, and a memory-bandwidth
 * control timed alternately with it: a streaming wasm read of those bytes. KV-cache decoders
 * reach a context through `prefill` (keys and values appended, nothing attended); the others
 * step their way there, their state being bounded. Bytes read: the keys and values the step's
 * queries see, once per kv head (exact variants, from cost()), or the state (linear).
 * Used by `attnkit bench --decode` and the benchmarks' efficiency suite.
 */
import { type AttentionDecoder, type AttentionVariant, randn, type Tensor } from '@attnkit/core';
import { getKernels, type Kernels } from '@attnkit/kernels';
import { logLogSlope } from './fit.ts';

/** Context lengths the decode table steps at by default: 1K … 128K. */
export const DECODE_CONTEXTS = [1024, 4096, 16384, 32768, 65536, 131072];
const WARM_UP = 4;

/** The sizes of one decoder step (B, H, Hkv, d; the value dim equals d). */
export interface DecodeShape {
  batch: number;
  heads: number;
  kvHeads: number;
  headDim: number;
}
/** The default decode shape: B = 1, H = 8, Hkv = 2, d = 64, a typical grouped-query model. */
export const DECODE_SHAPE: DecodeShape = { batch: 1, heads: 8, kvHeads: 2, headDim: 64 };

/** One row of the decode table: one spec at one context length. */
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
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A streaming read of `floats` floats on the kernels (rowDots over them against a short vector). */
export function streamingRead(kernels: Kernels, floats: number): () => void {
  const cols = 256;
  const rows = Math.max(1, Math.ceil(floats / cols));
  const n = rows * cols + cols + rows;
  kernels.workspace(n).fill(0.5);
  return () => {
    const w = kernels.workspace(n);
    kernels.rowDots(w, 0, cols, rows, cols, w, rows * cols, w, rows * cols + cols);
  };
}

function bytesRead(variant: AttentionVariant, s: DecodeShape, context: number): number {
  const { batch: B, heads: H, kvHeads: Hkv, headDim: D } = s;
  if (!variant.traits.exact) {
    const config = variant.config as { features?: number; featureMap?: string };
    const m = config.featureMap === 'favor' ? Number(config.features ?? D) : D;
    return 4 * B * Hkv * m * (D + 1);
  }
  const shape = { ...s, valueDim: D, queryLength: 1, keyLength: context };
  const pairs = variant.cost(shape, { causal: true }).flops / (2 * (D + D));
  return (4 * pairs * (D + D)) / (H / Hkv);
}

/** Advances `dec` to `to` positions: prefill where it exists, else steps. */
function advance(dec: Prefillable, s: DecodeShape, to: number, steps: Tensor[][]): void {
  while (dec.position < to) {
    const n = Math.min(16384, to - dec.position);
    if (dec.prefill) {
      const shape = [s.batch, s.kvHeads, n, s.headDim];
      dec.prefill(randn(shape, dec.position), randn(shape, dec.position + 1));
      continue;
    }
    for (let t = 0; t < n; t++) {
      const [q, k, v] = steps[(dec.position + t) % steps.length];
      dec.step(q, k, v);
    }
  }
}

/**
 * Times one decoder step of each spec at each context (median of `rounds` interleaved with the
 * bandwidth control) and fits each spec's exponent of step time in context length.
 */
export function measureDecode(
  specs: string[],
  variantOf: (spec: string) => AttentionVariant,
  contexts: number[] = DECODE_CONTEXTS,
  rounds = 9,
  s: DecodeShape = DECODE_SHAPE,
  onDone: (spec: string) => void = () => {},
): { rows: DecodeRow[]; exponents: Record<string, number> } {
  const { batch: B, heads: H, kvHeads: Hkv, headDim: D } = s;
  const steps = Array.from({ length: 32 }, (_, i) => [
    randn([B, H, 1, D], 100 + i),
    randn([B, Hkv, 1, D], 200 + i),
    randn([B, Hkv, 1, D], 300 + i),
  ]);
  const kernels = getKernels('auto');
  const rows: DecodeRow[] = [];
  const exponents: Record<string, number> = {};
  for (const spec of specs) {
    const variant = variantOf(spec);
    const dec = variant.decoder?.({ ...s, valueDim: D }) as Prefillable | undefined;
    if (!dec) continue;
    const mine: DecodeRow[] = [];
    for (const context of contexts) {
      // Warm-up steps at this context (JIT, first touch of grown memory), then the timed rounds.
      advance(dec, s, context - 1 - rounds - WARM_UP, steps);
      for (let w = 0; w < WARM_UP; w++) dec.step(steps[w][0], steps[w][1], steps[w][2]);
      const bytes = bytesRead(variant, s, context);
      const control = streamingRead(kernels, bytes / 4);
      control();
      const step: number[] = [];
      const ctl: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const [q, k, v] = steps[r % steps.length];
        let t0 = performance.now();
        dec.step(q, k, v);
        step.push(performance.now() - t0);
        t0 = performance.now();
        control();
        ctl.push(performance.now() - t0);
      }
      const stepMs = median(step);
      mine.push({
        spec,
        context,
        stepMs,
        tokensPerSecond: 1000 / stepMs,
        bytesRead: bytes,
        ofControl: median(step.map((t, r) => t / ctl[r])),
      });
    }
    exponents[spec] = logLogSlope(
      mine.map((r) => r.context),
      mine.map((r) => r.stepMs),
    );
    rows.push(...mine);
    onDone(spec);
  }
  return { rows, exponents };
}
