import { fullDefinition } from '@attnkit/full';
import { createModel } from './src/model.ts';
import { mqar } from './src/tasks/mqar.ts';
import { createTrainer } from './src/trainer.ts';
import { variantAttention } from './src/variant-layer.ts';
const v = fullDefinition.create({});
let fwd = 0, fft = 0, bwd = 0;
const wrapped = { ...v, forward: (...a: any[]) => { const t=performance.now(); const r=(v.forward as any)(...a); fwd+=performance.now()-t; return r; },
  forwardForTraining: (...a: any[]) => { const t=performance.now(); const r=(v.forwardForTraining as any)(...a); fft+=performance.now()-t; return r; },
  backward: (...a: any[]) => { const t=performance.now(); const r=(v.backward as any)(...a); bwd+=performance.now()-t; return r; } };
for (const layers of [2, 0]) {
  const task = mqar({ length: 24, pairs: 4, vocab: 16 });
  const model = createModel({ vocab: 16, dModel: 32, heads: 2, mlpRatio: 0, seed: 1, layers }, variantAttention(wrapped as any));
  const tr = createTrainer(model, task, { steps: 250, batch: 16, seed: 1, lr: 1e-2, warmupSteps: 25, evalBatches: 16 });
  const t0 = performance.now();
  while (tr.step < 250) tr.trainStep();
  const e = tr.evaluate();
  console.log({ layers, acc: e.accuracy, count: e.count, chance: task.chance, ms: performance.now() - t0, th: tr.throughput, fwd, fft, bwd, kern: tr.throughput.attentionKernelMs });
}
