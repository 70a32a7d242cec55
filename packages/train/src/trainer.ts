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

/**
 * A run: `steps` AdamW updates of `batch` sequences each, learning rate `lr` at its peak after
 * `warmupSteps` of warm-up, then cosine to 0.1·lr at `steps`. `weightDecay` defaults to 0.1
 * and the global-norm `clip` to 1 (0 turns it off). `seed` picks the data, not the weights
 * (those follow `ModelConfig.seed`).
 */
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

/** One training step's record: its loss (mean cross-entropy, nats), the lr it used, and
 * the global gradient norm before clipping, the first thing to look at when a run diverges. */
export interface CurvePoint {
  step: number;
  loss: number;
  /** Accuracy on the step's own training batch (target positions). */
  accuracy: number;
  lr: number;
  gradNorm: number;
}

/**
 * Held-out loss and accuracy after `step` steps, over `evalBatches` batches the model never
 * trained on; this, not the training curve, is the figure to report for a variant.
 */
export interface Evaluation {
  step: number;
  loss: number;
  accuracy: number;
  /** Scored positions. */
  count: number;
}

/**
 * Totals over every training step so far (evaluation excluded): `tokens` seen and wall-clock
 * milliseconds, so tokens per second is tokens / ms · 1000 and the attention share is
 * attentionMs / ms. Checkpoints carry it, so a resumed run keeps counting.
 */
export interface Throughput {
  tokens: number;
  ms: number;
  /** Inside the attention layers: projections, RoPE and the variant. */
  attentionMs: number;
  /** Inside the attention variant alone (its forward and backward). */
  attentionKernelMs: number;
}

/**
 * A training run driven one step at a time, so the caller decides when to log, evaluate and
 * checkpoint. `curve`, `evaluations` and `throughput` grow as it runs; `checkpointOf` and
 * `restoreCheckpoint` save and resume it.
 */
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
/** The seed of held-out batch i: a stream apart from training, so evaluation is on unseen data. */
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

/**
 * Starts a run of `model` on `task` at step 0 with fresh AdamW state. The model is trained in
 * place; to resume, build the same model, task and config, then `restoreCheckpoint`.
 */
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
