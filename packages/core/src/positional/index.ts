export { addPositions, learnedPositions, sinusoidalEncoding } from './absolute.ts';
export { alibi, alibiSlopes } from './alibi.ts';
export { type RelativeBiasConfig, shawBias, t5Bias, t5RelativeBucket } from './relative.ts';
export { type Rope, type RopeConfig, rope } from './rope.ts';
