/**
 * The training loop, one step at a time so a caller can report, checkpoint and resume: the
 * batch of step t is the task's sample for seed (seed, t), so a run restored from a checkpoint
 * sees the same data as one that never stopped. Held-out evaluation draws from a separate seed
 * stream: sequences the model never trained on.
 */
import type { Model } from './model.ts';
import {
  adamwStep,
  createOptimizerState,
  type OptimizerConfig,
  type OptimizerState,
} from './optimizer.ts';
import type { Task } from './tasks/batch.ts';

export interface TrainConfig {
  steps: number;
  batch: number;
  seed: number;
  lr: number;
  warmupSteps: number;
  weightDecay?: number;
  clip?: number;
  /** Held-out batches per evaluation. Default 8. */
  evalBatches?: number;
}

export interface CurvePoint {
  step: number;
  loss: number;
  /** Accuracy on the step's own training batch (target positions). */
  accuracy: number;
  lr: number;
  gradNorm: number;
}

export interface Evaluation {
  step: number;
  loss: number;
  accuracy: number;
  /** Scored positions. */
  count: number;
}

export interface Throughput {
  tokens: number;
  ms: number;
  /** Inside the attention layers: projections, RoPE and the variant. */
  attentionMs: number;
  /** Inside the attention variant alone (its forward and backward). */
  attentionKernelMs: number;
}

export interface Trainer {
  readonly model: Model;
  readonly task: Task;
  readonly config: Readonly<TrainConfig>;
  readonly optimizer: OptimizerState;
  readonly curve: CurvePoint[];
  readonly evaluations: Evaluation[];
  readonly throughput: Throughput;
  /** Steps done. */
  readonly step: number;
  /** Trains one step; returns its curve point. */
  trainStep(): CurvePoint;
  /** Accuracy on held-out sequences (fresh seeds), recorded in `evaluations`. */
  evaluate(): Evaluation;
}

const mix = (seed: number, stream: number, t: number) =>
  (Math.imul(seed + 0x632be5ab, 0x85ebca6b) ^
    Math.imul(stream, 0xc2b2ae35) ^
    Math.imul(t + 1, 0x27d4eb2f)) >>>
  0;

/** The seed of training batch t; held-out batches use another stream. */
export const trainBatchSeed = (seed: number, t: number) => mix(seed, 1, t);
export const heldOutBatchSeed = (seed: number, i: number) => mix(seed, 2, i);

export function optimizerConfig(c: TrainConfig): OptimizerConfig {
  return {
    lr: c.lr,
    warmupSteps: c.warmupSteps,
    totalSteps: c.steps,
    weightDecay: c.weightDecay,
    clip: c.clip,
  };
}

export function createTrainer(model: Model, task: Task, config: TrainConfig): Trainer {
  const optimizer = createOptimizerState(model.params);
  const opt = optimizerConfig(config);
  const curve: CurvePoint[] = [];
  const evaluations: Evaluation[] = [];
  const throughput: Throughput = { tokens: 0, ms: 0, attentionMs: 0, attentionKernelMs: 0 };
  return {
    model,
    task,
    config,
    optimizer,
    curve,
    evaluations,
    throughput,
    get step() {
      return optimizer.step;
    },
    trainStep() {
      const t = optimizer.step;
      const t0 = performance.now();
      const batch = task.sample(config.batch, trainBatchSeed(config.seed, t));
      const r = model.lossAndGradients(batch);
      const { gradNorm, lr } = adamwStep(opt, optimizer, model.params, r.grads);
      throughput.ms += performance.now() - t0;
      throughput.attentionMs += r.attentionMs;
      throughput.attentionKernelMs += r.attentionKernelMs;
      throughput.tokens += batch.batch * batch.length;
      const point = {
        step: t + 1,
        loss: r.loss,
        accuracy: r.correct / Math.max(1, r.count),
        lr,
        gradNorm,
      };
      curve.push(point);
      return point;
    },
    evaluate() {
      let [loss, correct, count] = [0, 0, 0];
      for (let i = 0; i < (config.evalBatches ?? 8); i++) {
        const r = model.evaluate(task.sample(config.batch, heldOutBatchSeed(config.seed, i)));
        loss += r.loss * r.count;
        correct += r.correct;
        count += r.count;
      }
      const e = {
        step: optimizer.step,
        loss: loss / Math.max(1, count),
        accuracy: correct / Math.max(1, count),
        count,
      };
      evaluations.push(e);
      return e;
    },
  };
}
