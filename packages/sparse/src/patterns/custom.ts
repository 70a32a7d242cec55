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
 * A user's own layout: a boolean block matrix [query blocks][key blocks], or one per head
 * [heads][query blocks][key blocks], or a BlockLayout. It fits one size only: calls whose
 * ⌈N/b⌉ differ are refused with SHAPE_MISMATCH. Block size: the layout's, else `block`, else the
 * variant's.
 */
export function custom(
  matrix: Matrix | readonly Matrix[] | BlockLayout,
  options: { block?: number } = {},
): Pattern {
  if (matrix instanceof BlockLayout) {
    return {
      kind: 'pattern',
      name: `custom(${matrix.queryBlocks}x${matrix.keyBlocks})`,
      block: matrix.block,
      layout: (sizes) => {
        matrix.assertCovers(sizes.queryLength, sizes.keyLength, sizes.heads);
        return matrix;
      },
    };
  }
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
  return {
    kind: 'pattern',
    name: `custom(${Qb}x${Kb}${perHead ? `x${heads.length}` : ''})`,
    block,
    layout: (sizes) => {
      const layout = buildLayout(
        { block: sizes.block, queryBlocks: Qb, keyBlocks: Kb, heads: heads.length },
        (h, qb, row) => {
          for (let kb = 0; kb < Kb; kb++) if (heads[h][qb][kb]) row.add(kb);
        },
      );
      layout.assertCovers(sizes.queryLength, sizes.keyLength, sizes.heads);
      return layout;
    },
  };
}
