import { AttentionError, configBoolean, configInteger, describe } from '@attnkit/core';
import { buildLayout } from '../layout-builder.ts';
import { dimsOf, type Pattern } from './pattern.ts';

const DEFAULT_MAX_PREDICATE_CALLS = 1e8;

/** true where query i may attend key j (absolute positions), optionally per head h. */
export type TokenMaskFn = (i: number, j: number, h: number) => boolean;

/**
 * A layout from a per-token predicate, FlexAttention's mask_mod idea (create_block_mask): every
 * block pair is classified as empty (skipped), full (no mask work), or partial, where the
 * predicate's b×b bytes are kept and applied inside the tile. Building calls the predicate
 * Nq·Nk times, once per layout size (the variant caches layouts), so choose b to make most
 * blocks empty or full. Causal and padding are applied by the variant, not here.
 * The predicate calls, Nq·Nk (times H when perHead), are budgeted: past
 * `options.maxPredicateCalls` (default 1e8, seconds of JS) a layout is refused with
 * MEMORY_BUDGET and the predicted count before the first call.
 */
export function fromMask(
  maskFn: TokenMaskFn,
  block: number,
  options: { perHead?: boolean; maxPredicateCalls?: number } = {},
): Pattern {
  if (typeof maskFn !== 'function')
    throw new AttentionError(
      'INVALID_CONFIG',
      'fromMask maskFn',
      'a function (i, j, h) => boolean',
      describe(maskFn),
    );
  const b = configInteger(block, 'fromMask block', 1);
  if (options === null || typeof options !== 'object')
    throw new AttentionError('INVALID_CONFIG', 'fromMask options', 'an object', describe(options));
  const perHead = configBoolean(options.perHead, 'fromMask options.perHead', false);
  const maxCalls = configInteger(
    options.maxPredicateCalls,
    'fromMask options.maxPredicateCalls',
    DEFAULT_MAX_PREDICATE_CALLS,
  );
  const tile = new Uint8Array(b * b);
  return {
    kind: 'pattern',
    name: `fromMask(${maskFn.name || 'fn'},b=${b})`,
    block: b,
    layout: (sizes) => {
      const dims = dimsOf(sizes, perHead ? sizes.heads : 1);
      const { queryLength: Nq, keyLength: Nk } = sizes;
      const calls = (perHead ? sizes.heads : 1) * Nq * Nk;
      if (calls > maxCalls)
        throw new AttentionError(
          'MEMORY_BUDGET',
          'fromMask maskFn calls',
          `at most options.maxPredicateCalls = ${maxCalls} (Nq·Nk${perHead ? '·H' : ''} predicate calls)`,
          `${calls} predicted for Nq ${Nq}, Nk ${Nk}`,
          'use a coarser pattern or raise maxPredicateCalls',
        );
      return buildLayout(
        dims,
        (h, qb, row) => {
          const i0 = qb * b;
          const rows = Math.min(b, Nq - i0);
          for (let kb = 0; kb < dims.keyBlocks; kb++) {
            const j0 = kb * b;
            const cols = Math.min(b, Nk - j0);
            let set = 0;
            tile.fill(0);
            for (let r = 0; r < rows; r++)
              for (let c = 0; c < cols; c++)
                if (maskFn(i0 + r, j0 + c, h)) {
                  tile[r * b + c] = 1;
                  set++;
                }
            if (set === rows * cols) row.add(kb);
            else if (set > 0) row.addMask(kb, tile, 0);
          }
        },
        sizes.firstQueryBlock,
      );
    },
  };
}
