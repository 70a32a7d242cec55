/**
 * The wasm kernels (b h n d letters as in the JS backend). Every pointer is a byte address in
 * this module's memory; the JS side (src/wasm) translates (array, offset) pairs into them.
 * `heapBase` is where free memory starts: the JS side places its mask staging area and the
 * workspace above it.
 */
export { addDistanceBias } from './distance-bias';
export { colSums } from './col-sums';
export { expInPlace } from './exp';
export { eluPlusOneRows } from './feature-elu';
export { positiveRandomFeatures } from './feature-favor';
export { reluRows } from './feature-relu';
export { finalizeRows } from './finalize-rows';
export { gemmStrided } from './gemm';
export { maskBand } from './mask-band';
export { maskTile } from './mask-tile';
export { onlineSoftmax } from './online-softmax';
export { addRelativeBias } from './relative-bias';
export { rowDots } from './row-dots';
export { scoreTile } from './score-tile';
export { softmaxGradTile } from './softmax-grad-tile';
export { softmaxRows } from './softmax-rows';
export { zeroAboveBand } from './zero-above-band';

export function heapBase(): usize {
  return __heap_base;
}
