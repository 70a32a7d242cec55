import { AttentionError } from '@attnkit/core';
import { layoutSvg, layoutText, type SvgOptions, type TextOptions } from './render.ts';

/**
 * Which key blocks each query block attends, for block size b over (query blocks × key blocks),
 * one layout per head or one shared by all heads. Stored as CSR over blocks: row r = h·Qb + qb
 * holds the sorted key blocks colIdx[rowPtr[r] … rowPtr[r + 1]). An entry whose maskOf is ≥ 0 is
 * a partial block: only the token pairs set in the b×b bytes masks[maskOf·b² …] are attended
 * (row = query within the block, column = key within the block). Immutable once built.
 */
export class BlockLayout {
  constructor(
    readonly block: number,
    readonly queryBlocks: number,
    readonly keyBlocks: number,
    /** 1 when every head shares the layout, else the number of heads H. */
    readonly heads: number,
    readonly rowPtr: Int32Array,
    readonly colIdx: Int32Array,
    /** Per entry: −1 for a full block, else the index of its b×b token mask. */
    readonly maskOf: Int32Array,
    readonly masks: Uint8Array,
  ) {}

  /** Nonzero blocks over all stored heads. */
  get nnz(): number {
    return this.colIdx.length;
  }

  /** Bytes the layout itself holds. */
  get bytes(): number {
    return 4 * (this.rowPtr.length + this.colIdx.length + this.maskOf.length) + this.masks.length;
  }

  /** Fraction of (query block, key block) pairs present, over all heads or for one head. */
  density(head?: number): number {
    const cells = this.queryBlocks * this.keyBlocks;
    if (head === undefined) return this.nnz / (cells * this.heads);
    const h = this.headIndex(head);
    const r = h * this.queryBlocks;
    return (this.rowPtr[r + this.queryBlocks] - this.rowPtr[r]) / cells;
  }

  /** The stored head that head h of a call reads (0 when shared). */
  headIndex(h: number): number {
    return this.heads === 1 ? 0 : h;
  }

  /** 'full', 'partial' or 'none' for one block pair. */
  blockKind(h: number, qb: number, kb: number): 'full' | 'partial' | 'none' {
    const r = this.headIndex(h) * this.queryBlocks + qb;
    for (let p = this.rowPtr[r]; p < this.rowPtr[r + 1]; p++) {
      if (this.colIdx[p] === kb) return this.maskOf[p] < 0 ? 'full' : 'partial';
    }
    return 'none';
  }

  /** Whether token pair (i, j) is attended under the layout alone (no causal, no padding). */
  allows(h: number, i: number, j: number): boolean {
    const b = this.block;
    const qb = Math.floor(i / b);
    const kb = Math.floor(j / b);
    if (qb >= this.queryBlocks || kb >= this.keyBlocks) return false;
    const r = this.headIndex(h) * this.queryBlocks + qb;
    for (let p = this.rowPtr[r]; p < this.rowPtr[r + 1]; p++) {
      if (this.colIdx[p] !== kb) continue;
      const m = this.maskOf[p];
      return m < 0 || this.masks[m * b * b + (i - qb * b) * b + (j - kb * b)] !== 0;
    }
    return false;
  }

  /** Checks that the layout covers Nq queries and Nk keys (SHAPE_MISMATCH otherwise). */
  assertCovers(queryLength: number, keyLength: number, heads: number): void {
    const want = (n: number) => Math.ceil(n / this.block);
    if (want(queryLength) !== this.queryBlocks || want(keyLength) !== this.keyBlocks) {
      throw new AttentionError(
        'SHAPE_MISMATCH',
        'sparse layout',
        `${want(queryLength)} × ${want(keyLength)} blocks of ${this.block} (Nq ${queryLength}, Nk ${keyLength})`,
        `${this.queryBlocks} × ${this.keyBlocks} blocks`,
      );
    }
    if (this.heads !== 1 && this.heads !== heads) {
      throw new AttentionError(
        'SHAPE_MISMATCH',
        'sparse layout heads',
        `1 or ${heads} (q's heads)`,
        String(this.heads),
      );
    }
  }

  /** A text picture: '#' full block, '+' partial block, '.' skipped (downsampled when large). */
  toText(options: TextOptions = {}): string {
    return layoutText(this, options);
  }

  /** An SVG picture of one head's layout, for docs and the bench report. */
  toSVG(options: SvgOptions = {}): string {
    return layoutSvg(this, options);
  }
}
