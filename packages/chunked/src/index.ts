export {
  type ChunkedConfig,
  type ChunkedVariant,
  chunked,
  chunkedDefinition,
  forwardWithLogSumExp,
} from './chunked.ts';
export { type Blocks, visiblePairs } from './cost.ts';
export { mergePartials, type PartialAttention } from './merge.ts';
