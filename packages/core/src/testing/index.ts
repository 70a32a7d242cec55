/**
 * The conformance suite every variant runs, and tolerance helpers. Needs the optional peers vitest and fast-check; import it from test files only.
 *
 * @module @attnkit/core/testing
 */
export { expectAttentionErrors } from './bad-inputs.ts';
export { assertClose, type CloseStats, type CloseTolerance, closeStats } from './compare.ts';
export { type ConformanceSubject, describeConformance } from './conformance.ts';
export { type Forward64, finiteDifferenceGradients, relativeError } from './finite-differences.ts';
export { makeDOut } from './gradient-cases.ts';
export {
  BACKWARD_TOLERANCE,
  describeGradientConformance,
  expectGradientsClose,
  FD_TOLERANCE,
  type GradientErrors,
  type GradientSubject,
  gradientErrors,
} from './gradient-conformance.ts';
export { type CaseShape, caseName, denseWeights, makeInputs, shapeOf } from './inputs.ts';
export { expectOverBudget, expectRefusal } from './refusal.ts';
export { SAMPLE_BIASES, scoreBiasCases } from './score-bias-cases.ts';
export { chainCases, itChainsTrust, type TrustChain } from './trust-chain.ts';
