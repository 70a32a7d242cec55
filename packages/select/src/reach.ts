/**
 * Whether a masked variant can see a dependency at distance d, read from what it actually
 * applies: the band of a local window, the block layout (and its token masks) of a sparse one.
 * A layout is checked pair by pair on sampled rows, never through a density formula.
 */
import type { AttentionShape, AttentionVariant } from '@attnkit/core';
import type { SparseAttention } from '@attnkit/sparse';

const SAMPLE_ROWS = 512;

/** The distances a need "up to X" is checked at: X and a few nearer ones. */
export const reachDistances = (x: number) =>
  [...new Set([x, Math.ceil((3 * x) / 4), Math.ceil(x / 2), Math.ceil(x / 4), 1])].filter(
    (d) => d >= 1,
  );

/**
 * Fraction of (query, key) pairs at distance d — key d positions before the query, and after it
 * too when not causal — that the variant attends. Self-attention positions (p = i + Nk − Nq).
 */
export function reachAt(
  variant: AttentionVariant,
  shape: AttentionShape,
  causal: boolean,
  d: number,
): number {
  const { queryLength: Nq, keyLength: Nk } = shape;
  const sees = seesFn(variant, shape, causal);
  let seen = 0;
  let total = 0;
  const step = Math.max(1, Math.floor(Nq / SAMPLE_ROWS));
  for (let i = 0; i < Nq; i += step) {
    const p = i + Nk - Nq;
    for (const j of causal ? [p - d] : [p - d, p + d]) {
      if (j < 0 || j >= Nk) continue;
      total++;
      if (sees(i, j)) seen++;
    }
  }
  return total === 0 ? 1 : seen / total;
}

function seesFn(variant: AttentionVariant, shape: AttentionShape, causal: boolean) {
  const { queryLength: Nq, keyLength: Nk } = shape;
  if (variant.name === 'local-window') {
    const c = variant.config as {
      window?: number;
      left?: number;
      right?: number;
      dilation: number;
    };
    const left = c.left ?? c.window ?? 0;
    const right = c.right ?? c.window ?? 0;
    return (i: number, j: number) => {
      const delta = j - (i + Nk - Nq);
      if (delta % c.dilation !== 0) return false;
      const m = delta / c.dilation;
      return m <= 0 ? -m <= left : !causal && m <= right;
    };
  }
  if (variant.name === 'sparse') {
    const layout = (variant as SparseAttention).layout(shape, { causal });
    const heads = Math.min(layout.heads, 4);
    return (i: number, j: number) => {
      for (let h = 0; h < heads; h++) if (!layout.allows(h, i, j)) return false;
      return true;
    };
  }
  return () => true;
}
