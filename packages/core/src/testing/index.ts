export { expectAttentionErrors } from './bad-inputs.ts';
export { assertClose, type CloseStats, type CloseTolerance, closeStats } from './compare.ts';
export { type ConformanceSubject, describeConformance } from './conformance.ts';
export { type Forward64, finiteDifferenceGradients, relativeError } from './finite-differences.ts';
export {
  BACKWARD_TOLERANCE,
  describeGradientConformance,
  expectGradientsClose,
  FD_TOLERANCE,
  type GradientErrors,
  type GradientSubject,
  gradientErrors,
  makeDOut,
} from './gradient-conformance.ts';
export { type CaseShape, caseName, denseWeights, makeInputs, shapeOf } from './inputs.ts';
export { SAMPLE_BIASES, scoreBiasCases } from './score-bias-cases.ts';
