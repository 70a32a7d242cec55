/**
 * What a spec lets each query see, without computing any weights: sparse layouts from the
 * variant's own `layout()`, the band of local-window from its config, everything (or the causal
 * triangle) for full, chunked and linear. Cheap enough for N in the hundreds of thousands.
 */
import type { AttentionVariant } from '@attnkit/core';
import type { BlockLayout, SparseAttention } from '@attnkit/sparse';

export interface PatternMask {
  /** Block size the picture is drawn at. */
  block: number;
  /** 'full' | 'partial' | 'none' for one block pair of head h. */
  blockKind(h: number, qb: number, kb: number): 'full' | 'partial' | 'none';
  /** Whether query i sees key j (head h). */
  sees(h: number, i: number, j: number): boolean;
  /** Fraction of the N² (or causal) token pairs attended, for head h. */
  density(h: number): number;
  note: string;
}

export function patternMask(
  variant: AttentionVariant,
  n: number,
  heads: number,
  causal: boolean,
  block: number,
): PatternMask {
  const allowedCausal = (i: number, j: number) => !causal || j <= i;
  const pairs = causal ? (n * (n + 1)) / 2 : n * n;
  if (variant.name === 'sparse') {
    const layout = (variant as SparseAttention).layout(
      { batch: 1, heads, kvHeads: heads, queryLength: n, keyLength: n, headDim: 64, valueDim: 64 },
      { causal },
    );
    return sparseMask(layout, n, causal, pairs);
  }
  if (variant.name === 'local-window') {
    const c = variant.config as {
      window?: number;
      left?: number;
      right?: number;
      dilation?: number;
    };
    const left = c.left ?? c.window ?? 256;
    const right = causal ? 0 : (c.right ?? (c.left !== undefined ? 0 : (c.window ?? 256)));
    const d = c.dilation ?? 1;
    const sees = (_h: number, i: number, j: number) => {
      const m = j - i;
      return m % d === 0 && m >= -left * d && m <= right * d;
    };
    let seen = 0;
    for (let i = 0; i < n; i++)
      seen += Math.min(right, Math.floor((n - 1 - i) / d)) + Math.min(left, Math.floor(i / d)) + 1;
    return {
      block,
      blockKind(_h, qb, kb) {
        // Band offsets between any query of block qb and any key of block kb.
        const lo = kb * block - (qb * block + block - 1);
        const hi = kb * block + block - 1 - qb * block;
        if (hi < -left * d || lo > right * d) return 'none';
        return lo >= -left * d && hi <= right * d && d === 1 ? 'full' : 'partial';
      },
      sees,
      density: () => seen / pairs,
      note: `band: ${left} keys left, ${right} right, dilation ${d}`,
    };
  }
  const exact = variant.traits.exact;
  return {
    block,
    blockKind: (_h, qb, kb) => (!causal || kb < qb ? 'full' : kb === qb ? 'partial' : 'none'),
    sees: (_h, i, j) => allowedCausal(i, j),
    density: () => 1,
    note: exact
      ? 'exact attention: every key (causal: every earlier key)'
      : 'linear attention has no mask: every key contributes through φ(q)·φ(k)',
  };
}

function sparseMask(layout: BlockLayout, n: number, causal: boolean, pairs: number): PatternMask {
  const b = layout.block;
  const sees = (h: number, i: number, j: number) => (!causal || j <= i) && layout.allows(h, i, j);
  // Block arithmetic: a full block off the causal diagonal counts whole; others pair by pair.
  const density = (h: number) => {
    let seen = 0;
    for (let qb = 0; qb < layout.queryBlocks; qb++) {
      const r = layout.headIndex(h) * layout.queryBlocks + qb;
      for (let p = layout.rowPtr[r]; p < layout.rowPtr[r + 1]; p++) {
        const kb = layout.colIdx[p];
        if (causal && kb > qb) continue;
        const rows = Math.min(b, n - qb * b);
        const cols = Math.min(b, n - kb * b);
        if (layout.maskOf[p] < 0 && (!causal || kb < qb)) seen += rows * cols;
        else
          for (let i = qb * b; i < qb * b + rows; i++)
            for (let j = kb * b; j < kb * b + cols; j++) if (sees(h, i, j)) seen++;
      }
    }
    return seen / pairs;
  };
  return {
    block: b,
    blockKind: (h, qb, kb) => (causal && kb > qb ? 'none' : layout.blockKind(h, qb, kb)),
    sees,
    density,
    note: `${layout.nnz} stored blocks of ${b}, block density ${(100 * layout.density()).toFixed(2)}%`,
  };
}
