import { AttentionError, describe } from '@attnkit/core';
import { buildLayout } from '../layout-builder.ts';
import { nonNegative, positive } from '../options.ts';
import { diagonalBlock, dimsOf, type Pattern } from './pattern.ts';

/** The options of `fixed()`, in blocks (the pattern scales with the block size). */
export interface FixedOptions {
  /** l, in blocks: the sequence is cut into windows of l blocks. Default 4. */
  stride?: number;
  /** c ≤ l: the last c blocks of every window are summaries that every row attends. Default 1. */
  summary?: number;
}

/**
 * Fixed attention (Child et al. 2019, "Generating Long Sequences with Sparse Transformers"):
 * each query block attends every key block of its own window of l blocks, and the last c blocks
 * of every window, which thereby summarise their window for everyone. Suited to text, where a
 * period is absent. Density ≈ l / (N/b) + c / l.
 */
export function fixed(options: FixedOptions = {}): Pattern {
  if (options === null || typeof options !== 'object')
    throw new AttentionError('INVALID_CONFIG', 'fixed options', 'an object', describe(options));
  const l = positive(options.stride, 'fixed options.stride', 4);
  const c = nonNegative(options.summary, 'fixed options.summary', 1);
  if (c > l)
    throw new AttentionError(
      'INVALID_CONFIG',
      'fixed options.summary',
      `an integer <= stride ${l}`,
      String(c),
    );
  return {
    kind: 'pattern',
    name: `fixed(l=${l},c=${c})`,
    layout: (sizes) => {
      const dims = dimsOf(sizes, 1);
      return buildLayout(
        dims,
        (_h, qb, row) => {
          const start = Math.floor(diagonalBlock(qb, sizes) / l) * l;
          row.addRange(start, start + l - 1);
          for (let w0 = 0; w0 < dims.keyBlocks; w0 += l) row.addRange(w0 + l - c, w0 + l - 1);
        },
        sizes.firstQueryBlock,
      );
    },
    reachable: (kb, qb) => kb % l >= l - c || Math.floor(kb / l) >= Math.floor(qb / l),
  };
}
