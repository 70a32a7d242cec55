import { describe, expect, it } from 'vitest';
import { createModel } from './model.ts';
import type { Batch } from './tasks/batch.ts';
import { finiteDifferenceError } from './testing/finite-differences.ts';
import { referenceAttentionLayer } from './testing/reference-attention.ts';

const batch: Batch = {
  batch: 2,
  length: 5,
  tokens: Int32Array.from([1, 4, 2, 0, 3, 5, 5, 1, 2, 4]),
  targets: Int32Array.from([-1, 2, -1, 0, 3, -1, -1, -1, 4, 1]),
};

describe('model gradients against float64 central differences (exact reference attention)', () => {
  it.each([
    { tied: false, layers: 2, mlpRatio: 2 },
    { tied: true, layers: 1, mlpRatio: 2 },
    { tied: false, layers: 0, mlpRatio: 0 },
  ])('every parameter: %o', (shape) => {
    const model = createModel(
      { vocab: 6, dModel: 4, heads: 2, seed: 3, float64: true, ...shape },
      referenceAttentionLayer(true),
    );
    const { grads } = model.lossAndGradients(batch);
    const loss = () => model.evaluate(batch).loss;
    for (const [i, p] of model.params.entries()) {
      const err = finiteDifferenceError(loss, p.data as Float64Array, grads[i], 1e-5, 1e-4);
      expect(err, p.name).toBeLessThan(1e-5);
    }
  });

  it('a wrong gradient fails the check (one parameter gradient halved)', () => {
    const model = createModel(
      { vocab: 6, dModel: 4, heads: 2, layers: 1, mlpRatio: 2, seed: 3, float64: true },
      referenceAttentionLayer(true),
    );
    const { grads } = model.lossAndGradients(batch);
    const i = model.params.findIndex((p) => p.name === 'layers.0.norm1');
    const halved = grads[i].map((g) => g / 2);
    const loss = () => model.evaluate(batch).loss;
    expect(
      finiteDifferenceError(loss, model.params[i].data as Float64Array, halved),
    ).toBeGreaterThan(0.1);
  });

  it('loss starts near log(vocab) and only target rows count', () => {
    const model = createModel(
      { vocab: 6, dModel: 8, heads: 2, layers: 1, seed: 1 },
      referenceAttentionLayer(false),
    );
    const r = model.evaluate(batch);
    expect(r.count).toBe(5);
    expect(Math.abs(r.loss - Math.log(6))).toBeLessThan(1.5);
  });
});
