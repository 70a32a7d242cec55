import { type ScoreBias, scoreBiasFn } from '@attnkit/core';
import { describe, expect, it } from 'vitest';
import { availableBackends } from './backend.ts';
import { applyScoreBias } from './score-bias.ts';

const biases: { name: string; bias: ScoreBias }[] = [
  { name: 'alibi', bias: { kind: 'alibi', slopes: Float32Array.from([0.5, 0.125]) } },
  {
    name: 'relative',
    bias: {
      kind: 'relative',
      maxDistance: 3,
      table: Float32Array.from({ length: 14 }, (_, i) => i * 0.1 - 0.4),
    },
  },
  {
    name: 'function',
    bias: { kind: 'function', fn: (b, h, q, k) => b + h * 0.5 + q * 0.01 - k * 0.02 },
  },
];

const cases = availableBackends().flatMap((kernels) =>
  biases.map((b) => ({ backend: kernels.name, kernels, ...b })),
);

describe('applyScoreBias equals the reference bias on every tile entry', () => {
  it.each(cases)('$name on $backend', ({ kernels, bias }) => {
    const Nq = 11;
    const Nk = 19;
    const ref = scoreBiasFn(bias, Nq, Nk);
    // A tile at rows 3…9 and columns 5…17 of head 1, batch 1, with a row stride wider than the tile.
    const rows = 7;
    const cols = 13;
    const ldS = 16;
    const s = kernels.workspace(2 + rows * ldS).fill(1);
    applyScoreBias(kernels, bias, s, 2, rows, cols, ldS, 1, 1, 3, 5, Nk - Nq);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++)
        expect(s[2 + r * ldS + c]).toBeCloseTo(1 + ref(1, 1, 3 + r, 5 + c), 5);
    // Padding between rows is untouched.
    expect(s[2 + cols]).toBe(1);
  });
});

// Issue 15, class 3: the contract holds even for a bias that skipped validateScoreBias.
describe('applyScoreBias enforces the ScoreBias contract on every backend', () => {
  it.each(availableBackends().map((kernels) => ({ backend: kernels.name, kernels })))(
    '$backend: NaN, +∞, a string → NON_FINITE naming b, h, i, j; −∞ masks',
    ({ kernels }) => {
      const s = kernels.workspace(6);
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 'x']) {
        s.fill(0, 0, 6);
        const fn = (_b: number, _h: number, i: number, j: number) =>
          (i === 1 && j === 2 ? bad : 0) as number;
        expect(() =>
          applyScoreBias(kernels, { kind: 'function', fn }, s, 0, 2, 3, 3, 0, 1, 0, 0, 0),
        ).toThrow(/^options\.scoreBias\.fn\(b=0, h=1, i=1, j=2\): expected/);
      }
      s.fill(0, 0, 6);
      const mask = (_b: number, _h: number, i: number, j: number) =>
        i === j ? Number.NEGATIVE_INFINITY : 1;
      applyScoreBias(kernels, { kind: 'function', fn: mask }, s, 0, 2, 3, 3, 0, 0, 0, 0, 0);
      expect(Array.from(s.subarray(0, 6))).toEqual([
        Number.NEGATIVE_INFINITY,
        1,
        1,
        1,
        Number.NEGATIVE_INFINITY,
        1,
      ]);
    },
  );
});
