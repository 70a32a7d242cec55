import {
  AttentionError,
  configBoolean,
  configInteger,
  createRng,
  describe,
  type Rng,
} from '@attnkit/core';
import { buildLayout, type RowSink } from '../layout-builder.ts';
import { nonNegative } from '../options.ts';
import { diagonalBlock, dimsOf, type LayoutSizes, type Pattern, rowSeed } from './pattern.ts';

/**
 * Adds up to r key blocks drawn uniformly from [0, hi] among those not yet in the row. When the
 * range is small the free blocks are listed and shuffled; otherwise most of the range is free and
 * rejection sampling ends quickly. The draws depend only on the row's blocks within [0, hi] and
 * the generator, never on blocks past hi, so a causal row is the same at every length.
 */
export function addRandom(row: RowSink, r: number, hi: number, rng: Rng): void {
  if (r === 0 || hi < 0) return;
  const range = hi + 1;
  const taken = row.countUpTo(hi);
  if (range <= 4 * (r + taken)) {
    const free: number[] = [];
    for (let kb = 0; kb <= hi; kb++) if (!row.has(kb)) free.push(kb);
    for (let t = 0; t < Math.min(r, free.length); t++) {
      const pick = t + rng.int(free.length - t);
      [free[t], free[pick]] = [free[pick], free[t]];
      row.add(free[t]);
    }
    return;
  }
  for (let added = 0; added < r; ) {
    const kb = rng.int(range);
    if (row.has(kb)) continue;
    row.add(kb);
    added++;
  }
}

/** The last key block a random draw of query block qb may pick: its diagonal when causal. */
export function randomRangeEnd(qb: number, sizes: LayoutSizes, keyBlocks: number): number {
  return sizes.causal ? diagonalBlock(qb, sizes) : keyBlocks - 1;
}

/** The options of `random()`: how many key blocks each row draws, and how the draw is seeded. */
export interface RandomOptions {
  /** Key blocks drawn per query block. Default 3. */
  randomBlocks?: number;
  /** Same seed, same layout, on every platform. Default 0. */
  seed?: number;
  /** Draw each head's blocks separately (as BigBird does per head). Default false. */
  perHead?: boolean;
}

export function randomOptions(options: RandomOptions, who: string, fallback: number) {
  if (options === null || typeof options !== 'object')
    throw new AttentionError('INVALID_CONFIG', `${who} options`, 'an object', describe(options));
  return {
    r: nonNegative(options.randomBlocks, `${who} options.randomBlocks`, fallback),
    seed: configInteger(options.seed, `${who} options.seed`, 0, 0, 0xffffffff),
    perHead: configBoolean(options.perHead, `${who} options.perHead`, false),
  };
}

/**
 * r random key blocks per query block (the random part of BigBird, Zaheer et al. 2020): random
 * graphs mix information between far-apart tokens in few hops. Seeded per (seed, head, row), so a
 * layout is reproducible and a row does not depend on the sequence length when causal.
 * Density ≈ r / (N/b).
 */
export function random(options: RandomOptions = {}): Pattern {
  const { r, seed, perHead } = randomOptions(options, 'random', 3);
  return {
    kind: 'pattern',
    name: `random(r=${r},seed=${seed}${perHead ? ',perHead' : ''})`,
    layout: (sizes) => {
      const dims = dimsOf(sizes, perHead ? sizes.heads : 1);
      return buildLayout(
        dims,
        (h, qb, row) =>
          addRandom(
            row,
            r,
            randomRangeEnd(qb, sizes, dims.keyBlocks),
            createRng(rowSeed(seed, h, qb)),
          ),
        sizes.firstQueryBlock,
      );
    },
  };
}
