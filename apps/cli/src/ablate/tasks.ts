/**
 * Training tasks as an ablation workload (`attnkit ablate … --task 'mqar:pairs=8,steps=400'`):
 * per (point, seed) a small decoder with the point's variant inside trains on the task for its
 * configured steps (@attnkit/train) and reports held-out accuracy, which the runner records
 * beside time and memory as it does a quality workload's error. The seed seeds the model, the
 * training batches, the held-out batches and the variant's random features.
 */
import type { AttentionVariant } from '@attnkit/core';
import { createModel, createTrainer, mqar, variantAttention } from '@attnkit/train';
import { InvalidArgumentError } from 'commander';

export interface TaskResult {
  /** Held-out accuracy on the task's queried positions, 0…1. */
  accuracy: number;
  chance: number;
  /** Held-out positions scored. */
  scored: number;
  steps: number;
  trainMs: number;
  tokensPerSecond: number;
  /** Share of training time in the attention layers (projections, RoPE, the variant). */
  attentionShare: number;
}

/** The task's knobs as numbers; every one has a default, so `--task mqar` alone runs. */
export type TaskConfig = Record<string, number>;

export interface TrainingTask {
  name: string;
  description: string;
  defaults: Readonly<TaskConfig>;
  /** Sequence length and head dim of a config: the point's N and D. */
  shape(config: TaskConfig): { n: number; dim: number };
  /** Throws the task's AttentionError for a config it cannot generate. */
  check(config: TaskConfig): void;
  evaluate(variant: AttentionVariant, seed: number, config: TaskConfig): TaskResult;
}

/** The reduced research configuration of docs/train.md: ~1 min per (variant, seed) on 2 cores. */
const MQAR_DEFAULTS = {
  seq: 32,
  pairs: 4,
  vocab: 64,
  dim: 32,
  heads: 2,
  layers: 2,
  steps: 400,
  batch: 32,
  lr: 1e-2,
  warmup: 40,
  evalBatches: 8,
};

const mqarTask: TrainingTask = {
  name: 'mqar',
  description:
    'multi-query associative recall (Zoology): a causal decoder (RoPE, pre-norm, no MLP) trained from scratch; held-out accuracy on the queried values',
  defaults: MQAR_DEFAULTS,
  shape: (c) => ({ n: c.seq, dim: c.dim / c.heads }),
  check: (c) => void mqar({ length: c.seq, pairs: c.pairs, vocab: c.vocab }),
  evaluate(variant, seed, c) {
    const task = mqar({ length: c.seq, pairs: c.pairs, vocab: c.vocab });
    const model = createModel(
      { vocab: c.vocab, dModel: c.dim, layers: c.layers, heads: c.heads, mlpRatio: 0, seed },
      variantAttention(variant),
    );
    const trainer = createTrainer(model, task, {
      steps: c.steps,
      batch: c.batch,
      seed,
      lr: c.lr,
      warmupSteps: c.warmup,
      evalBatches: c.evalBatches,
    });
    while (trainer.step < c.steps) trainer.trainStep();
    const held = trainer.evaluate();
    const t = trainer.throughput;
    return {
      accuracy: held.accuracy,
      chance: task.chance,
      scored: held.count,
      steps: trainer.step,
      trainMs: t.ms,
      tokensPerSecond: t.tokens / (t.ms / 1000),
      attentionShare: t.attentionMs / t.ms,
    };
  },
};

export const TASKS: Readonly<Record<string, TrainingTask>> = { mqar: mqarTask };

/** `mqar` or `mqar:pairs=8,steps=400` → the task and its full config; throws naming the bad part. */
export function parseTask(text: string): { task: TrainingTask; config: TaskConfig } {
  const [name, rest, extra] = text.split(':');
  const task = TASKS[name.trim()];
  if (!task || extra !== undefined)
    throw new InvalidArgumentError(
      `--task ${text}: expected name or name:knob=value,…, name one of ${Object.keys(TASKS).join(', ')}`,
    );
  const config: TaskConfig = { ...task.defaults };
  const given = new Set<string>();
  for (const pair of (rest ?? '').split(',').filter((s) => s.trim())) {
    const [key, raw] = pair.split('=').map((s) => s.trim());
    const value = Number(raw);
    if (!(key in task.defaults) || raw === undefined || raw === '' || !(value > 0))
      throw new InvalidArgumentError(
        `--task ${text}: "${pair}" — expected knob=positive number, knobs ${Object.keys(task.defaults).join(', ')}`,
      );
    config[key] = value;
    given.add(key);
  }
  // Warm-up follows the step count (10 %) unless set.
  if ('warmup' in config && !given.has('warmup')) config.warmup = Math.round(config.steps / 10);
  for (const key of Object.keys(config))
    if (key !== 'lr' && !Number.isInteger(config[key]))
      throw new InvalidArgumentError(`--task ${text}: ${key} must be an integer`);
  if (config.dim % config.heads !== 0)
    throw new InvalidArgumentError(`--task ${text}: dim ${config.dim} is not a multiple of heads`);
  try {
    task.check(config);
  } catch (error) {
    throw new InvalidArgumentError(`--task ${text}: ${(error as Error).message}`);
  }
  return { task, config };
}
