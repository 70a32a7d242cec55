import { createRng } from '@attnkit/core';
import { buildLayout } from '../layout-builder.ts';
import { oddWindow } from '../options.ts';
import { addGlobal, globalBlockList, globalLabel, globalReaches } from './global.ts';
import { diagonalBlock, dimsOf, type Pattern, rowSeed } from './pattern.ts';
import { addRandom, type RandomOptions, randomOptions, randomRangeEnd } from './random.ts';

/** The options of `bigbird()`: the window and global blocks, plus the random draw's. */
export interface BigBirdOptions extends RandomOptions {
  /** Band width in blocks, odd: the diagonal block and (w − 1) / 2 each side. Default 3. */
  window?: number;
  /** The first g blocks (a count) or the listed blocks are global. Default 2. */
  globalBlocks?: number | number[];
}

/**
 * BigBird (Zaheer et al. 2020, "Big Bird: Transformers for Longer Sequences", block-sparse ITC
 * form): a sliding window of w blocks, g global blocks (attend and attended by all), and r random
 * key blocks per query block drawn among the blocks not already in the row. Paper defaults
 * w = 3, g = 2, r = 3 (its g = 2 are the first and last blocks; here the first g, so causal rows
 * never depend on the length). Each row holds ≈ w + g + r blocks: density ≈ (w + 2g + r) / (N/b),
 * time O(N·b·D·(w + 2g + r)).
 */
export function bigbird(options: BigBirdOptions = {}): Pattern {
  const { r, seed, perHead } = randomOptions(options, 'bigbird', 3);
  const w = oddWindow(options.window, 'bigbird options.window', 3);
  const globals = globalBlockList(options.globalBlocks, 'bigbird options.globalBlocks', 2);
  const half = (w - 1) / 2;
  return {
    kind: 'pattern',
    name: `bigbird(w=${w},g=${globalLabel(globals)},r=${r},seed=${seed}${perHead ? ',perHead' : ''})`,
    layout: (sizes) => {
      const dims = dimsOf(sizes, perHead ? sizes.heads : 1);
      return buildLayout(
        dims,
        (h, qb, row) => {
          const d = diagonalBlock(qb, sizes);
          row.addRange(d - half, d + half);
          addGlobal(row, qb, globals, dims.keyBlocks);
          const hi = randomRangeEnd(qb, sizes, dims.keyBlocks);
          addRandom(row, r, hi, createRng(rowSeed(seed, h, qb)));
        },
        sizes.firstQueryBlock,
      );
    },
    // Random rows may draw any earlier block, so with r > 0 every key stays reachable.
    reachable: r > 0 ? undefined : (kb, qb) => kb >= qb - half || globalReaches(kb, qb, globals),
  };
}
