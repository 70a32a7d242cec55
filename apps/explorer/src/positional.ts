/**
 * The positional choices of the maps, all from @attnkit/core: ALiBi and a T5 relative bias are
 * score biases (`options.scoreBias`, applied inside the tiles); RoPE rotates q and k before the
 * call, so it works with every variant, linear included.
 */
import { alibi, rope, type ScoreBias, type Tensor, t5Bias } from '@attnkit/core';

export const POSITIONAL_NAMES = ['none', 'alibi', 'relative', 'rope'] as const;
export type PositionalName = (typeof POSITIONAL_NAMES)[number];

export const POSITIONAL_LABELS: Record<PositionalName, string> = {
  none: 'none',
  alibi: 'ALiBi (score bias)',
  relative: 'T5 relative (score bias)',
  rope: 'RoPE (rotates q, k)',
};

export interface Positioned {
  q: Tensor;
  k: Tensor;
  scoreBias?: ScoreBias;
}

export function applyPositional(
  name: PositionalName,
  q: Tensor,
  k: Tensor,
  heads: number,
): Positioned {
  switch (name) {
    case 'alibi':
      return { q, k, scoreBias: alibi(heads) };
    case 'relative':
      // Learned tables are seeded N(0, 0.1²); scaled up so the bias is visible beside q·k.
      return {
        q,
        k,
        scoreBias: t5Bias({ heads, maxDistance: 128, seed: 3, weights: t5Weights(heads) }),
      };
    case 'rope': {
      const r = rope({ base: 10000 });
      return { q: r.apply(q), k: r.apply(k) };
    }
    default:
      return { q, k };
  }
}

/** T5 buckets [heads, 32]: near buckets favoured, far ones penalised, differently per head. */
function t5Weights(heads: number): Float32Array {
  const w = new Float32Array(heads * 32);
  for (let h = 0; h < heads; h++)
    for (let b = 0; b < 32; b++) w[h * 32 + b] = (1.5 * (1 + h)) / (1 + (b % 16)) - 0.4 * (h + 1);
  return w;
}
