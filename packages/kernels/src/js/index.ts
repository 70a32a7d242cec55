import type { Kernels } from '../types.ts';
import { addDistanceBias } from './add-distance-bias.ts';
import { addRelativeBias } from './add-relative-bias.ts';
import { colSums } from './col-sums.ts';
import { eluPlusOneRows } from './elu-plus-one-rows.ts';
import { finalizeRows } from './finalize-rows.ts';
import { gemm } from './gemm.ts';
import { gemmTransA } from './gemm-trans-a.ts';
import { maskBand } from './mask-band.ts';
import { maskTile } from './mask-tile.ts';
import { onlineSoftmax } from './online-softmax.ts';
import { positiveRandomFeatures } from './positive-random-features.ts';
import { pvTile } from './pv-tile.ts';
import { reluRows } from './relu-rows.ts';
import { rowDots } from './row-dots.ts';
import { scoreTile } from './score-tile.ts';
import { softmaxGradTile } from './softmax-grad-tile.ts';
import { softmaxRows } from './softmax-rows.ts';
import { zeroAboveBand } from './zero-above-band.ts';

/** The portable backend: plain typed-array loops, runs everywhere. */
export const jsKernels: Kernels = {
  name: 'js',
  workspace: (length) => new Float32Array(length),
  scoreTile,
  maskBand,
  maskTile,
  softmaxRows,
  onlineSoftmax,
  pvTile,
  finalizeRows,
  softmaxGradTile,
  gemm,
  gemmTransA,
  addDistanceBias,
  addRelativeBias,
  eluPlusOneRows,
  reluRows,
  positiveRandomFeatures,
  zeroAboveBand,
  rowDots,
  colSums,
};
