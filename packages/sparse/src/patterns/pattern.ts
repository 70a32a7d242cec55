import type { BlockLayout } from '../layout.ts';

/** The sizes a pattern turns into a layout: one call's lengths, block, heads and causality. */
export interface LayoutSizes {
  queryLength: number;
  keyLength: number;
  block: number;
  heads: number;
  /**
   * Causal calls draw random blocks only among the key blocks a row can see, so no draw is wasted
   * and every row depends on its own index alone: the layout of a prefix is a prefix of the
   * layout, which is what lets the decoder replay it one token at a time.
   */
  causal: boolean;
  /** Rows below this query block may be left empty (decoders build only the rows they use). */
  firstQueryBlock?: number;
  /** Bytes the layout may grow to; past it building refuses with MEMORY_BUDGET. Default 2 GiB. */
  memoryBudget?: number;
}

/**
 * A sparsity pattern: a rule that yields a block layout for any call's sizes. Named patterns
 * (strided, fixed, longformer, bigbird, random, global) work at every length and block size;
 * `custom` and `fromMask` may pin the block size or the number of blocks.
 */
export interface Pattern {
  readonly kind: 'pattern';
  /** Short description for spec strings and reports, e.g. 'bigbird(w=3,g=2,r=3,seed=0)'. */
  readonly name: string;
  /** Set when the pattern exists at one block size only. */
  readonly block?: number;
  /**
   * The layout for one call's sizes. Called once per distinct shape (variants cache it), so it
   * may allocate; it must be deterministic for the decoder's replay to match `forward`.
   */
  layout(sizes: LayoutSizes): BlockLayout;
  /**
   * Whether a query block ≥ qb may still attend key block kb under causal decoding (Nq = Nk);
   * a decoder frees key blocks for which this is false. Absent means "always" (keep every key).
   */
  reachable?(kb: number, qb: number, block: number): boolean;
}

export const blocksOf = (n: number, b: number) => Math.ceil(n / b);

/**
 * The key block on query block qb's diagonal: the block of the key aligned (bottom-right, as in
 * causal) with the block's last query. Equals qb when Nq = Nk; clipped to the key blocks.
 */
export function diagonalBlock(qb: number, sizes: LayoutSizes): number {
  const { queryLength: Nq, keyLength: Nk, block: b } = sizes;
  const lastQuery = Math.min((qb + 1) * b, Nq) - 1;
  const d = Math.floor((lastQuery + Nk - Nq) / b);
  return Math.max(0, Math.min(blocksOf(Nk, b) - 1, d));
}

/** Layout dims for sizes: (Nq/b) × (Nk/b) blocks, `heads` stored heads. */
export const dimsOf = (sizes: LayoutSizes, heads: number) => ({
  block: sizes.block,
  queryBlocks: blocksOf(sizes.queryLength, sizes.block),
  keyBlocks: blocksOf(sizes.keyLength, sizes.block),
  heads,
  memoryBudget: sizes.memoryBudget,
});

/** A seed for one row of one head, so rows draw independently and reproducibly. */
export function rowSeed(seed: number, h: number, qb: number): number {
  return (
    (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^
      Math.imul(h + 1, 0x85ebca6b) ^
      Math.imul(qb + 1, 0xc2b2ae35)) >>>
    0
  );
}
