import { AttentionError, configInteger, describe } from '@attnkit/core';
import { BlockLayout } from '../layout.ts';
import { buildLayout } from '../layout-builder.ts';
import type { Pattern } from './pattern.ts';

type Matrix = readonly (readonly (boolean | number)[])[];

function checkMatrix(m: unknown, name: string): Matrix {
  const rows = m as Matrix;
  const ok =
    Array.isArray(rows) &&
    rows.length > 0 &&
    rows.every(
      (r) =>
        Array.isArray(r) &&
        r.length === (rows[0] as unknown[]).length &&
        r.length > 0 &&
        r.every((x) => typeof x === 'boolean' || x === 0 || x === 1),
    );
  if (!ok)
    throw new AttentionError(
      'INVALID_CONFIG',
      name,
      'a non-empty rectangular matrix of booleans (or 0/1)',
      describe(m),
    );
  return rows;
}

/**
 * A fixed layout as a pattern. A decoder asks for growing prefixes (sizes.firstQueryBlock set):
 * those get the top-left corner, which under causal holds every block a decoded row can see.
 * Any other call must cover the layout exactly.
 */
function fixedPattern(
  name: string,
  block: number | undefined,
  get: (b: number) => BlockLayout,
): Pattern {
  return {
    kind: 'pattern',
    name,
    block,
    layout: (sizes) => {
      const full = get(sizes.block);
      const Qb = Math.ceil(sizes.queryLength / sizes.block);
      const Kb = Math.ceil(sizes.keyLength / sizes.block);
      const prefix =
        sizes.firstQueryBlock !== undefined && Qb <= full.queryBlocks && Kb <= full.keyBlocks;
      if (!prefix || (Qb === full.queryBlocks && Kb === full.keyBlocks)) {
        full.assertCovers(sizes.queryLength, sizes.keyLength, sizes.heads);
        return full;
      }
      const bb = full.block * full.block;
      return buildLayout(
        { block: full.block, queryBlocks: Qb, keyBlocks: Kb, heads: full.heads },
        (h, qb, row) => {
          const r = h * full.queryBlocks + qb;
          for (let p = full.rowPtr[r]; p < full.rowPtr[r + 1]; p++) {
            if (full.maskOf[p] < 0) row.add(full.colIdx[p]);
            else row.addMask(full.colIdx[p], full.masks, full.maskOf[p] * bb);
          }
        },
      );
    },
  };
}

/**
 * A user's own layout: a boolean block matrix [query blocks][key blocks], or one per head
 * [heads][query blocks][key blocks], or a BlockLayout. It fits one size only: calls whose
 * ⌈N/b⌉ differ are refused with SHAPE_MISMATCH (a decoder may run up to that size). Block
 * size: the layout's, else `block`, else the variant's.
 */
export function custom(
  matrix: Matrix | readonly Matrix[] | BlockLayout,
  options: { block?: number } = {},
): Pattern {
  if (matrix instanceof BlockLayout)
    return fixedPattern(
      `custom(${matrix.queryBlocks}x${matrix.keyBlocks})`,
      matrix.block,
      () => matrix,
    );
  const block =
    options.block === undefined
      ? undefined
      : configInteger(options.block, 'custom options.block', 1);
  const perHead = Array.isArray(matrix) && Array.isArray((matrix as unknown[][])[0]?.[0]);
  const heads: Matrix[] = perHead
    ? (matrix as readonly Matrix[]).map((m, h) => checkMatrix(m, `custom matrix[${h}]`))
    : [checkMatrix(matrix, 'custom matrix')];
  const Qb = heads[0].length;
  const Kb = heads[0][0].length;
  if (heads.some((m) => m.length !== Qb || m[0].length !== Kb))
    throw new AttentionError(
      'INVALID_CONFIG',
      'custom matrix',
      `every head ${Qb} × ${Kb}`,
      'heads of different sizes',
    );
  const built = new Map<number, BlockLayout>();
  return fixedPattern(`custom(${Qb}x${Kb}${perHead ? `x${heads.length}` : ''})`, block, (b) => {
    let layout = built.get(b);
    if (!layout) {
      layout = buildLayout(
        { block: b, queryBlocks: Qb, keyBlocks: Kb, heads: heads.length },
        (h, qb, row) => {
          for (let kb = 0; kb < Kb; kb++) if (heads[h][qb][kb]) row.add(kb);
        },
      );
      built.set(b, layout);
    }
    return layout;
  });
}
