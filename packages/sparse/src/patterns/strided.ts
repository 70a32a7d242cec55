import { AttentionError, describe } from '@attnkit/core';
import { buildLayout } from '../layout-builder.ts';
import { positive } from '../options.ts';
import { diagonalBlock, dimsOf, type Pattern } from './pattern.ts';

/** The options of `strided()`: the period, in blocks. */
export interface StridedOptions {
  /** l, in blocks: the local band is |i − j| < l blocks, plus every l-th block. Default 4. */
  stride?: number;
}

/**
 * Strided attention (Child et al. 2019, "Generating Long Sequences with Sparse Transformers"):
 * the union of a local band (key blocks within l − 1 of the diagonal) and a strided set (key
 * blocks whose distance to the diagonal is a multiple of l), so any token reaches any other in
 * two hops. Suited to data with a period (images, audio). Density ≈ (2l − 1) / (N/b) + 1 / l:
 * with l ≈ √(N/b) each row holds O(√(N/b)) blocks; at fixed l it stays ≈ 1/l.
 */
export function strided(options: StridedOptions = {}): Pattern {
  if (options === null || typeof options !== 'object')
    throw new AttentionError('INVALID_CONFIG', 'strided options', 'an object', describe(options));
  const l = positive(options.stride, 'strided options.stride', 4);
  return {
    kind: 'pattern',
    name: `strided(l=${l})`,
    layout: (sizes) => {
      const dims = dimsOf(sizes, 1);
      return buildLayout(
        dims,
        (_h, qb, row) => {
          const d = diagonalBlock(qb, sizes);
          row.addRange(d - l + 1, d + l - 1);
          for (let kb = d % l; kb < dims.keyBlocks; kb += l) row.add(kb);
        },
        sizes.firstQueryBlock,
      );
    },
    // Every earlier block is a multiple of l away from some later row: nothing can be freed.
  };
}
