/**
 * Block-sparse exact attention on BigBird, Longformer, strided, fixed, random, global or custom layouts.
 *
 * @module @attnkit/sparse
 */
export { PATTERN_NAMES, type PatternName } from './config.ts';
export type { SparseDecoder } from './decoder.ts';
export { BlockLayout } from './layout.ts';
export { buildLayout, type LayoutDims, type RowSink } from './layout-builder.ts';
export { intersectLayouts, unionLayouts } from './layout-ops.ts';
export { layoutMask, naiveSparse } from './naive.ts';
export { type BigBirdOptions, bigbird } from './patterns/bigbird.ts';
export { intersect, union } from './patterns/combine.ts';
export { custom } from './patterns/custom.ts';
export { type FixedOptions, fixed } from './patterns/fixed.ts';
export { fromMask, type TokenMaskFn } from './patterns/from-mask.ts';
export { type GlobalOptions, global } from './patterns/global.ts';
export { type LongformerOptions, longformer } from './patterns/longformer.ts';
export { diagonalBlock, type LayoutSizes, type Pattern } from './patterns/pattern.ts';
export { type RandomOptions, random } from './patterns/random.ts';
export { type StridedOptions, strided } from './patterns/strided.ts';
export type { SvgOptions, TextOptions } from './render.ts';
export { type SparseAttention, type SparseConfig, sparse, sparseDefinition } from './sparse.ts';
