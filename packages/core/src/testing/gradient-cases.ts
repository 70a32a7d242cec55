import { createRng } from '../rng.ts';
import { randn, type Tensor } from '../tensor.ts';
import type { AttentionOptions } from '../types.ts';
import type { CaseShape } from './inputs.ts';
import { SAMPLE_BIASES } from './score-bias-cases.ts';

export const S = (B: number, H: number, Hkv: number, Nq: number, Nk: number, D: number, Dv = D) =>
  ({ B, H, Hkv, Nq, Nk, D, Dv }) as CaseShape;

export interface GradCase {
  name: string;
  s: CaseShape;
  options: AttentionOptions;
  cross?: boolean;
  padding?: boolean;
  bias?: boolean;
}

/** Small shapes (finite differences run 2 forwards per input entry) over every option. */
export function smallCases(causal: boolean): GradCase[] {
  const cases: GradCase[] = [
    { name: 'self', s: S(1, 2, 2, 7, 7, 4, 3), options: { causal } },
    { name: 'grouped-query', s: S(1, 4, 2, 6, 6, 3), options: { causal } },
    { name: 'scale 0.3', s: S(1, 1, 1, 6, 6, 4), options: { causal, scale: 0.3 } },
    { name: 'Nq < Nk', s: S(1, 2, 1, 4, 9, 3), options: { causal }, cross: true },
    { name: 'Nq > Nk', s: S(1, 1, 1, 9, 4, 3), options: { causal }, cross: true },
    {
      name: 'padding, a fully padded batch',
      s: S(3, 2, 1, 6, 6, 3),
      options: { causal, keyLengths: new Int32Array([6, 2, 0]) },
      padding: true,
    },
  ];
  for (const { name, bias } of SAMPLE_BIASES)
    cases.push({
      name: `scoreBias ${name}`,
      s: S(1, 3, 1, 7, 7, 3),
      options: { causal, scoreBias: bias },
      bias: true,
    });
  return cases;
}

/** Unit-normal shapes across several tiles, for the comparison with the float64 backward. */
export function largeCases(causal: boolean): GradCase[] {
  return [
    { name: 'odd', s: S(1, 1, 1, 63, 63, 60), options: { causal } },
    { name: 'several tiles', s: S(1, 1, 1, 257, 257, 64, 32), options: { causal } },
    { name: 'grouped-query', s: S(2, 3, 1, 40, 40, 16, 8), options: { causal } },
    { name: 'Nq < Nk', s: S(1, 2, 2, 31, 70, 16), options: { causal }, cross: true },
    { name: 'Nq > Nk', s: S(2, 1, 1, 70, 31, 16), options: { causal }, cross: true },
    {
      name: 'padding',
      s: S(3, 2, 1, 45, 45, 16),
      options: { causal, keyLengths: new Int32Array([45, 17, 0]) },
      padding: true,
    },
    ...SAMPLE_BIASES.map(({ name, bias }) => ({
      name: `scoreBias ${name}`,
      s: S(2, 3, 1, 45, 45, 16, 8),
      options: { causal, scoreBias: bias },
      bias: true,
    })),
  ];
}

/** The seeded upstream gradient dOut for a case. */
export const makeDOut = (s: CaseShape, seed: number): Tensor =>
  randn([s.B, s.H, s.Nq, s.Dv], createRng(seed + 1000));
