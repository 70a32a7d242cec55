import { AttentionError, describe } from '@attnkit/core';
import { buildLayout, type RowSink } from '../layout-builder.ts';
import { indexList, nonNegative } from '../options.ts';
import { dimsOf, type Pattern } from './pattern.ts';

/** A count n means the first n blocks; a list names the blocks. */
export function globalBlockList(value: unknown, name: string, fallback: number): number[] {
  if (Array.isArray(value)) return indexList(value, name);
  const n = nonNegative(value, name, fallback);
  return Array.from({ length: n }, (_, i) => i);
}

/** 'n' when the blocks are the first n, else the list, e.g. '[0+5]'. */
export const globalLabel = (blocks: readonly number[]) =>
  blocks.every((g, i) => g === i) ? String(blocks.length) : `[${blocks.join('+')}]`;

/** Global blocks: a global query block attends every key block; every row attends the global key blocks. */
export function addGlobal(row: RowSink, qb: number, blocks: readonly number[], keyBlocks: number) {
  if (blocks.includes(qb)) row.addRange(0, keyBlocks - 1);
  for (const g of blocks) row.add(g);
}

/** Under causal decoding from query block qb on, whether a global block may still reach kb. */
export function globalReaches(kb: number, qb: number, blocks: readonly number[]): boolean {
  if (blocks.includes(kb)) return true;
  // A later global query block attends every earlier key.
  return blocks.length > 0 && blocks[blocks.length - 1] >= qb;
}

/** The options of `global()`: which blocks act as hubs. */
export interface GlobalOptions {
  /** The first n blocks (a count) or the listed block indices. Default 1. */
  globalBlocks?: number | number[];
}

/**
 * Global blocks alone (the global half of Longformer, Beltagy et al. 2020, and of BigBird,
 * Zaheer et al. 2020): the chosen blocks attend everything and are attended by everything, a
 * hub through which any two tokens connect in two hops. Density ≈ 2g / (N/b).
 */
export function global(options: GlobalOptions = {}): Pattern {
  if (options === null || typeof options !== 'object')
    throw new AttentionError('INVALID_CONFIG', 'global options', 'an object', describe(options));
  const blocks = globalBlockList(options.globalBlocks, 'global options.globalBlocks', 1);
  return {
    kind: 'pattern',
    name: `global(g=${globalLabel(blocks)})`,
    layout: (sizes) => {
      const dims = dimsOf(sizes, 1);
      return buildLayout(
        dims,
        (_h, qb, row) => addGlobal(row, qb, blocks, dims.keyBlocks),
        sizes.firstQueryBlock,
      );
    },
    reachable: (kb, qb) => globalReaches(kb, qb, blocks),
  };
}
