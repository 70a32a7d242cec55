import {
  AttentionError,
  configEnum,
  DEFAULT_MEMORY_BUDGET,
  describe,
  refuseOverBudget,
} from '@attnkit/core';
import { buildLayout } from '../layout-builder.ts';
import { indexList, oddWindow } from '../options.ts';
import { addGlobal, globalBlockList, globalLabel, globalReaches } from './global.ts';
import { diagonalBlock, dimsOf, type Pattern } from './pattern.ts';

/** The options of `longformer()`: the band, and global blocks or tokens. */
export interface LongformerOptions {
  /** Band width in blocks, odd: the diagonal block and (w − 1) / 2 each side. Default 3. */
  window?: number;
  /** Global blocks: the first n (a count) or the listed blocks. Default 1. */
  globalBlocks?: number | number[];
  /** Global tokens (e.g. [CLS] at 0, question tokens), exact at token level. Default none. */
  globalTokens?: number[];
  /**
   * A global token at or past a call's length: 'error' (default) refuses the call with
   * INVALID_CONFIG, since the token was most likely meant to exist; 'ignore' drops it for that
   * call, for one pattern shared across lengths (a sweep from short to long sequences).
   */
  tokensBeyondLength?: 'error' | 'ignore';
}

/**
 * Longformer (Beltagy et al. 2020, "Longformer: The Long-Document Transformer"), in the
 * block-sparse form of DeepSpeed's BSLongformer: a sliding window of w blocks plus global blocks,
 * and global tokens that attend every key and are attended by every query. Global tokens are
 * exact at token level: their blocks are partial, with only the token's row or column set.
 * Density ≈ (w + 2g) / (N/b) plus the partial blocks of the global tokens.
 */
export function longformer(options: LongformerOptions = {}): Pattern {
  if (options === null || typeof options !== 'object')
    throw new AttentionError(
      'INVALID_CONFIG',
      'longformer options',
      'an object',
      describe(options),
    );
  const w = oddWindow(options.window, 'longformer options.window', 3);
  const globals = globalBlockList(options.globalBlocks, 'longformer options.globalBlocks', 1);
  const tokens = indexList(options.globalTokens, 'longformer options.globalTokens');
  const beyondMode = configEnum(
    options.tokensBeyondLength,
    'longformer options.tokensBeyondLength',
    ['error', 'ignore'] as const,
    'error',
  );
  const half = (w - 1) / 2;
  const tokenPart = tokens.length ? `,tokens=${tokens.join('+')}` : '';
  return {
    kind: 'pattern',
    name: `longformer(w=${w},g=${globalLabel(globals)}${tokenPart})`,
    layout: (sizes) => {
      const dims = dimsOf(sizes, 1);
      const b = sizes.block;
      // A decoder builds layouts for its prefix (firstQueryBlock set): later tokens are future ones.
      const n = Math.max(sizes.queryLength, sizes.keyLength);
      const beyond = tokens.findIndex((t) => t >= n);
      if (beyondMode === 'error' && sizes.firstQueryBlock === undefined && beyond >= 0)
        throw new AttentionError(
          'INVALID_CONFIG',
          `longformer options.globalTokens[${beyond}]`,
          `a token index < ${n} (max(Nq, Nk))`,
          String(tokens[beyond]),
        );
      // One b×b mask per global token as a key (its column set) and as a query (its row set).
      refuseOverBudget(
        2 * tokens.length * b * b,
        sizes.memoryBudget ?? DEFAULT_MEMORY_BUDGET,
        `sparse layout (${tokens.length} global-token masks of ${b}×${b})`,
        'use a smaller block with globalTokens',
      );
      const colMasks = new Uint8Array(tokens.length * b * b);
      const rowMasks = new Uint8Array(tokens.length * b * b);
      tokens.forEach((t, n) => {
        for (let r = 0; r < b; r++) colMasks[n * b * b + r * b + (t % b)] = 1;
        rowMasks.fill(1, n * b * b + (t % b) * b, n * b * b + (t % b) * b + b);
      });
      return buildLayout(
        dims,
        (_h, qb, row) => {
          const d = diagonalBlock(qb, sizes);
          row.addRange(d - half, d + half);
          addGlobal(row, qb, globals, dims.keyBlocks);
          tokens.forEach((t, n) => {
            if (t < sizes.keyLength) row.addMask(Math.floor(t / b), colMasks, n * b * b);
            if (t < sizes.queryLength && Math.floor(t / b) === qb)
              for (let kb = 0; kb < dims.keyBlocks; kb++) row.addMask(kb, rowMasks, n * b * b);
          });
        },
        sizes.firstQueryBlock,
      );
    },
    reachable: (kb, qb, b) =>
      kb >= qb - half ||
      globalReaches(kb, qb, globals) ||
      tokens.some((t) => Math.floor(t / b) === kb || Math.floor(t / b) >= qb),
  };
}
