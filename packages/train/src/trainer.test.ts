import { describe, expect, it } from 'vitest';
import { checkpointOf, restoreCheckpoint } from './checkpoint.ts';
import { createModel } from './model.ts';
import { mqar } from './tasks/mqar.ts';
import { referenceAttentionLayer } from './testing/reference-attention.ts';
import { createTrainer } from './trainer.ts';

const task = mqar({ length: 16, pairs: 2, vocab: 12 });
const config = { steps: 6, batch: 4, seed: 5, lr: 3e-3, warmupSteps: 2 };
const build = () =>
  createTrainer(
    createModel(
      { vocab: 12, dModel: 8, heads: 2, layers: 1, mlpRatio: 2, seed: 5 },
      referenceAttentionLayer(false),
    ),
    task,
    config,
  );
const weights = (t: ReturnType<typeof build>) => t.model.params.map((p) => Array.from(p.data));

describe('trainer', () => {
  it('same seed, same loss curve and weights, bit for bit', () => {
    const [a, b] = [build(), build()];
    for (let s = 0; s < config.steps; s++) {
      a.trainStep();
      b.trainStep();
    }
    expect(a.curve.map((p) => p.loss)).toEqual(b.curve.map((p) => p.loss));
    expect(weights(a)).toEqual(weights(b));
    expect(new Set(a.curve.map((p) => p.loss)).size).toBe(config.steps);
  });

  it('resuming from a checkpoint (through JSON) ends with the same weights as an uninterrupted run', () => {
    const straight = build();
    for (let s = 0; s < config.steps; s++) straight.trainStep();
    const first = build();
    for (let s = 0; s < 3; s++) first.trainStep();
    const saved = JSON.parse(JSON.stringify(checkpointOf(first)));
    const resumed = build();
    restoreCheckpoint(resumed, saved);
    expect(resumed.step).toBe(3);
    while (resumed.step < config.steps) resumed.trainStep();
    expect(weights(resumed)).toEqual(weights(straight));
    expect(resumed.curve).toEqual(straight.curve);
  });

  it('refuses a checkpoint of another configuration', () => {
    const other = createTrainer(
      createModel(
        { vocab: 12, dModel: 8, heads: 2, layers: 1, mlpRatio: 2, seed: 6 },
        referenceAttentionLayer(false),
      ),
      task,
      config,
    );
    expect(() => restoreCheckpoint(build(), checkpointOf(other))).toThrow(/checkpoint/);
  });
});
