export { caseArb, configArb, EXTREME_NUMBERS } from './arbitraries.ts';
export { BACKENDS } from './backends.ts';
export type { BiasSpec, FuzzCase } from './case.ts';
export { type Outcome, runCase } from './run-case.ts';
export { makeSubject, type Subject, VARIANT_NAMES, type VariantName } from './subjects.ts';
