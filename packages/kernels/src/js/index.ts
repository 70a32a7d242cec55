import type { Kernels } from '../types.ts';
import { addDistanceBias } from './add-distance-bias.ts';
import { addRelativeBias } from './add-relative-bias.ts';
import { finalizeRows } from './finalize-rows.ts';
import { gemm } from './gemm.ts';
import { gemmTransA } from './gemm-trans-a.ts';
import { maskBand } from './mask-band.ts';
import { maskTile } from './mask-tile.ts';
import { onlineSoftmax } from './online-softmax.ts';
import { pvTile } from './pv-tile.ts';
import { scoreTile } from './score-tile.ts';
import { softmaxGradTile } from './softmax-grad-tile.ts';
import { softmaxRows } from './softmax-rows.ts';

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
};
