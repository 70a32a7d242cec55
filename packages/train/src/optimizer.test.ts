import { describe, expect, it } from 'vitest';
import { adamwStep, createOptimizerState, learningRate } from './optimizer.ts';

const schedule = { lr: 1e-3, warmupSteps: 10, totalSteps: 110, minLrRatio: 0.1 };

describe('AdamW', () => {
  it('warm-up is linear, then cosine down to minLrRatio·lr', () => {
    expect(learningRate(schedule, 0)).toBeCloseTo(1e-4, 12);
    expect(learningRate(schedule, 9)).toBeCloseTo(1e-3, 12);
    expect(learningRate(schedule, 60)).toBeCloseTo(1e-3 * (0.1 + 0.9 * 0.5), 12);
    expect(learningRate(schedule, 110)).toBeCloseTo(1e-4, 12);
  });

  it('first step moves each weight by lr·sign(g) (bias-corrected), decays only `decay` params', () => {
    const params = [
      { name: 'w', data: new Float32Array([1, -1]), decay: true },
      { name: 'g', data: new Float32Array([1]), decay: false },
    ];
    const c = { ...schedule, warmupSteps: 1, weightDecay: 0.5, clip: 0 };
    const state = createOptimizerState(params);
    adamwStep(c, state, params, [new Float32Array([2, -3]), new Float32Array([0.5])]);
    expect(params[0].data[0]).toBeCloseTo(1 * (1 - 1e-3 * 0.5) - 1e-3, 6);
    expect(params[0].data[1]).toBeCloseTo(-1 * (1 - 1e-3 * 0.5) + 1e-3, 6);
    expect(params[1].data[0]).toBeCloseTo(1 - 1e-3, 6);
  });

  it('clips the global norm to 1 before the moments', () => {
    const run = (scale: number) => {
      const params = [{ name: 'w', data: new Float32Array([0, 0]), decay: false }];
      const state = createOptimizerState(params);
      const out = adamwStep({ ...schedule, clip: 1 }, state, params, [
        new Float32Array([3 * scale, 4 * scale]),
      ]);
      return { m: Array.from(state.m[0]), norm: out.gradNorm };
    };
    // (1 − β₁)·g/‖g‖ = 0.1·(0.6, 0.8) once clipped; a norm-0.5 gradient passes unclipped.
    for (const [scale, m] of [
      [1000, [0.06, 0.08]],
      [0.1, [0.03, 0.04]],
    ] as const) {
      const out = run(scale);
      for (const [i, x] of out.m.entries()) expect(x).toBeCloseTo(m[i], 6);
      expect(out.norm).toBeCloseTo(5 * scale, 3);
    }
  });
});
