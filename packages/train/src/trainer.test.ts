import { describe, expect, it } from 'vitest';
import { checkpointOf, restoreCheckpoint } from './checkpoint.ts';
import { createModel } from './model.ts';
import { mqar } from './tasks/mqar.ts';
import { referenceAttentionLayer } from './testing/reference-attention.ts';
import { createTrainer } from './trainer.ts';
import { variantAttention } from './variant-layer.ts';
import { variantFromSpec } from './variants.ts';

const task = mqar({ length: 16, pairs: 2, vocab: 12 });
const config = { steps: 6, batch: 4, seed: 5, lr: 3e-3, warmupSteps: 2 };
/** The shipped layer (a fresh variant per build, as a new process would make) or the float64 reference. */
const layerOf = (spec: string) =>
  spec === 'reference'
    ? referenceAttentionLayer(false)
    : variantAttention(variantFromSpec(spec.split('@')[0], spec.split('@')[1]));
const build = (spec = 'full@wasm', seed = config.seed) =>
  createTrainer(
    createModel({ vocab: 12, dModel: 8, heads: 2, layers: 1, mlpRatio: 2, seed }, layerOf(spec)),
    task,
    { ...config, seed },
  );
const weights = (t: ReturnType<typeof build>) => t.model.params.map((p) => Array.from(p.data));
const train = (t: ReturnType<typeof build>, steps = config.steps) => {
  while (t.step < steps) t.trainStep();
  return t;
};

describe('trainer', () => {
  it.each([
    'reference',
    'full@js',
    'full@wasm',
    'chunked@wasm',
    'local-window:window=4@js',
    'sparse:pattern=bigbird,block=4@js',
    'linear:featureMap=favor@js',
  ])('%s: same seed and backend, same loss curve and weights, bit for bit', (spec) => {
    const [a, b] = [train(build(spec)), train(build(spec))];
    expect(a.curve.map((p) => p.loss)).toEqual(b.curve.map((p) => p.loss));
    expect(weights(a)).toEqual(weights(b));
    expect(new Set(a.curve.map((p) => p.loss)).size).toBe(config.steps);
    const other = train(build(spec, config.seed + 1));
    expect(other.curve.map((p) => p.loss)).not.toEqual(a.curve.map((p) => p.loss));
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
    const other = build('full@wasm', 6);
    expect(() => restoreCheckpoint(build(), checkpointOf(other))).toThrow(/checkpoint/);
  });
});
