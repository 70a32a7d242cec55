import type { ScoreBias } from './score-bias.ts';
import type { Tensor } from './tensor.ts';

export type { ScoreBiasFn } from './score-bias.ts';

/** Options every variant accepts on `forward`, `weights` and `cost`. */
export interface AttentionOptions {
  /** Query i sees key j only if j <= i + (Nk - Nq): bottom-right aligned, as in PyTorch. */
  causal?: boolean;
  /** Multiplies QKᵀ; default 1 / sqrt(D). Must be finite and > 0. */
  scale?: number;
  /** Per batch: keys at index >= keyLengths[b] are padding and never attended. */
  keyLengths?: Int32Array | readonly number[];
  /** Additive score bias (ALiBi, relative position, or any function) applied inside the tiles. */
  scoreBias?: ScoreBias;
}

/** The sizes of one attention call. H is a multiple of Hkv (grouped-query attention). */
export interface AttentionShape {
  batch: number;
  heads: number;
  kvHeads: number;
  queryLength: number;
  keyLength: number;
  headDim: number;
  valueDim: number;
}

/** Sizes for an incremental decoder: lengths grow one token per step. */
export interface DecoderShape {
  batch: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  valueDim: number;
}

/** Options a decoder applies at every step, exactly as the causal forward would. */
export type DecoderOptions = Pick<AttentionOptions, 'scale' | 'scoreBias'>;

/** What a call costs. Predicted by `cost()`; `attnkit bench` measures the real peak beside it. */
export interface Cost {
  /** Floating-point operations of useful (unmasked) work: 2 per multiply-add. */
  flops: number;
  /** Bytes the call allocates beyond its q, k and v inputs, output included, at its peak. */
  peakBytes: number;
}

/** What a variant is and offers, so callers can choose without trying. */
export interface VariantTraits {
  /** Equals softmax attention under the variant's own mask (window, layout). */
  exact: boolean;
  causal: boolean;
  /** Nq may differ from Nk. */
  crossAttention: boolean;
  keyLengths: boolean;
  /** Offers `weights()`. */
  weights: boolean;
  /** Offers `decoder()`. */
  decoder: boolean;
  /** Applies options.scoreBias (absent: refuses it with UNSUPPORTED). */
  scoreBias?: boolean;
  /**
   * Query rows [i0, i1) may be computed alone against keys [0, Nk − Nq + i1) with the same
   * result (exact variants whose mask is only causal and padding): the worker pool then splits
   * one long head across cores, on multiples of `align` rows (default config.queryBlock).
   */
  querySplit?: boolean | { align?: number };
  /**
   * Offers `backward`, `forwardForTraining` and `backwardCost` (gradients of q, k, v).
   * Optional so older hand-made variants stay valid; absent means false.
   */
  backward?: boolean;
  /** Big-O in the letters N (length), D (head dim), and the variant's own (w, b, m). */
  complexity: { time: string; memory: string };
}

/** The attention map a variant actually applies. Rows sum to 1, or 0 where fully masked. */
export type AttentionWeights =
  | { kind: 'dense'; shape: readonly [number, number, number, number]; data: Float32Array }
  | {
      kind: 'csr';
      /** [B, H, Nq, Nk]; row r = ((b * H) + h) * Nq + i. */
      shape: readonly [number, number, number, number];
      rowPtr: Int32Array;
      colIdx: Int32Array;
      values: Float32Array;
    };

/** Causal decoding one token at a time; outputs equal the causal forward of the whole sequence. */
export interface AttentionDecoder {
  /** Tokens decoded so far. */
  readonly position: number;
  /** q [B, H, 1, D], k [B, Hkv, 1, D], v [B, Hkv, 1, Dv] → [B, H, 1, Dv]. */
  step(q: Tensor, k: Tensor, v: Tensor): Tensor;
  /** Forgets every decoded token (position 0), keeping the allocated state for reuse. */
  reset(): void;
}

/**
 * What `forwardForTraining` keeps for `backward`: O(N·D), never the N×N matrix. Treat it as
 * opaque; it is valid only for the same q, k, v and options.
 */
export interface TrainingState {
  /** The forward output [B, H, Nq, Dv]. */
  output: Tensor;
  /** Softmax variants: log Σ_j exp(s_ij) per row [B·H·Nq], −∞ where a row sees no key. */
  logSumExp?: Float32Array;
}

export interface BackwardOptions extends AttentionOptions {
  /**
   * What `forwardForTraining` returned for the same q, k, v and options; without it the
   * backward recomputes the forward first (one forward's time more, same result).
   */
  saved?: TrainingState;
  /**
   * Also return gradients of learnable score-bias parameters (ALiBi slopes, relative tables).
   * Not offered yet: true throws UNSUPPORTED. Biases are otherwise treated as constants.
   */
  scoreBiasGradient?: boolean;
}

/** Gradients of a scalar loss with respect to q [B, H, Nq, D], k [B, Hkv, Nk, D], v [B, Hkv, Nk, Dv]. */
export interface AttentionGradients {
  dq: Tensor;
  dk: Tensor;
  dv: Tensor;
}

/** One attention variant behind the common contract: q [B, H, Nq, D], k [B, Hkv, Nk, D], v [B, Hkv, Nk, Dv] in, [B, H, Nq, Dv] out. */
export interface AttentionVariant {
  readonly name: string;
  /** The kernels backend the variant actually runs on, e.g. 'wasm-relaxed-simd', 'wasm-simd', 'js'. */
  readonly backend: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly traits: VariantTraits;
  /** q [B, H, Nq, D], k [B, Hkv, Nk, D], v [B, Hkv, Nk, Dv] → [B, H, Nq, Dv]. */
  forward(q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): Tensor;
  /** Predicted flops and peak bytes of one `forward` at `shape`, without running it. */
  cost(shape: AttentionShape, options?: AttentionOptions): Cost;
  /** The attention map the variant applies: dense [B, H, Nq, Nk], or sparse rows where the variant is sparse. */
  weights?(q: Tensor, k: Tensor, options?: AttentionOptions): AttentionWeights;
  /** Causal decoding; `options` (scale, scoreBias) apply to every step as in the forward. */
  decoder?(shape: DecoderShape, options?: DecoderOptions): AttentionDecoder;
  /** The forward plus what `backward` needs (traits.backward). */
  forwardForTraining?(
    q: Tensor,
    k: Tensor,
    v: Tensor,
    options?: AttentionOptions,
  ): { output: Tensor; saved: TrainingState };
  /**
   * Gradients of a loss L given dOut = ∂L/∂output [B, H, Nq, Dv], with the same options as the
   * forward; kv-head gradients are summed over their query group (GQA).
   */
  backward?(
    q: Tensor,
    k: Tensor,
    v: Tensor,
    dOut: Tensor,
    options?: BackwardOptions,
  ): AttentionGradients;
  /** What `backward` costs (flops, peak bytes beyond q, k, v, dOut and the saved state). */
  backwardCost?(shape: AttentionShape, options?: AttentionOptions): Cost;
}
