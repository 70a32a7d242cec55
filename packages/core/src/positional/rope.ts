import { configInteger, configNumber } from '../config.ts';
import { AttentionError } from '../errors.ts';
import { assertTensor, type Tensor } from '../tensor.ts';

/** Rotary position embedding settings (RoFormer; GPT-NeoX partial rotation). */
export interface RopeConfig {
  /** θ base of the frequencies θ_i = base^(−2i/rotated). Default 10000. */
  base?: number;
  /** Fraction of each head's dims that rotate (GPT-NeoX's rotary_pct). Default 1. */
  fraction?: number;
  /** Rotate adjacent pairs (2i, 2i+1) as in RoFormer/GPT-J; default false: halves (i, i + r/2) as in GPT-NeoX/LLaMA. */
  interleaved?: boolean;
}

/** Rotary position embedding: rotates q and k so their dot product depends on relative position. */
export interface Rope {
  readonly config: Readonly<Required<RopeConfig>>;
  /** Rotated dims of a head of size D (even, <= D). */
  rotatedDims(headDim: number): number;
  /** x [B, H, N, D] → x rotated by position: row n of every head sits at position offset + n. */
  apply(x: Tensor, offset?: number): Tensor;
}

/**
 * Rotary position embedding (Su et al. 2021): rotate each pair of q and k dims by an angle
 * proportional to the position, so q_i·k_j depends on positions only through i − j. It changes
 * only q and k, so it works with every attention variant, linear attention included.
 */
export function rope(config: RopeConfig = {}): Rope {
  const base = configNumber(config.base, 'rope config.base', 10000, 1, true);
  const fraction = configNumber(config.fraction, 'rope config.fraction', 1, 0, true);
  if (fraction > 1)
    throw new AttentionError(
      'INVALID_CONFIG',
      'rope config.fraction',
      'a number in (0, 1]',
      String(fraction),
    );
  const interleaved = config.interleaved ?? false;
  const rotatedDims = (D: number) => 2 * Math.floor((D * fraction) / 2);
  return {
    config: { base, fraction, interleaved },
    rotatedDims,
    apply(x, offset = 0) {
      assertTensor(x, 'x', 4);
      configInteger(offset, 'rope offset', 0, 0);
      const [B, H, N, D] = x.shape;
      const r = rotatedDims(D);
      const half = r / 2;
      const out = x.data.slice();
      const cos = new Float64Array(half);
      const sin = new Float64Array(half);
      for (let n = 0; n < N; n++) {
        const pos = offset + n;
        for (let i = 0; i < half; i++) {
          const angle = pos * base ** ((-2 * i) / r);
          cos[i] = Math.cos(angle);
          sin[i] = Math.sin(angle);
        }
        for (let bh = 0; bh < B * H; bh++) {
          const row = (bh * N + n) * D;
          for (let i = 0; i < half; i++) {
            const a = interleaved ? row + 2 * i : row + i;
            const b = interleaved ? a + 1 : a + half;
            const x0 = x.data[a];
            const x1 = x.data[b];
            out[a] = x0 * cos[i] - x1 * sin[i];
            out[b] = x0 * sin[i] + x1 * cos[i];
          }
        }
      }
      return { data: out, shape: [B, H, N, D] };
    },
  };
}
